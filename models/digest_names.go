package models

// Who the public digest names: the coordinators' choice, saved as
// Settings.DigestNames. The digest never shows anyone's personal goal
// either way; "" is the default, DigestNamesHeld.
const (
	// DigestNamesHeld names the people who held one-to-ones in the last 4
	// weeks, with how many, and the newcomers nobody has met yet.
	DigestNamesHeld = "held"
	// DigestNamesCounts names nobody: the digest shows counts only, and
	// coordinators see who in the team view.
	DigestNamesCounts = "counts"
)

// NamesInDigest reports whether the digest may name people under the
// choice v. Anything but the default or DigestNamesHeld names nobody, so a
// value this version does not know errs on the side of privacy.
func NamesInDigest(v string) bool {
	return v == "" || v == DigestNamesHeld
}

// CheckDigestNames refuses a choice of names the digest doesn't offer,
// beside the settings modal's digest_names field.
func CheckDigestNames(v string) error {
	switch v {
	case "", DigestNamesHeld, DigestNamesCounts:
		return nil
	}
	return &FieldError{Field: FieldDigestNames, Err: Errorf(EINVALID, "Choose whether the digest names people or shows counts only.").Msg("settings.err_digest_names")}
}
