package catalog

import "strings"

// FromSlackLocale is the language for a Slack locale, the form users.info
// gives with include_locale ("es-LA", "es-ES", "en-US"): the one named by
// its first part, if there is a message file for it. ok is false for any
// other, so the caller can fall back to the group's language.
func FromSlackLocale(locale string) (l Lang, ok bool) {
	code, _, _ := strings.Cut(strings.TrimSpace(locale), "-")
	code, _, _ = strings.Cut(code, "_")
	l = Lang(strings.ToLower(code))
	if l == "" || !Has(l) {
		return "", false
	}
	return l, true
}

// Parse reads a language as a person names it to choose one: its code
// ("es"), its own name (lang.name, "Español") or another its file lists
// (lang.also, "spanish, castellano"), case and accents aside.
func Parse(s string) (l Lang, ok bool) {
	s = fold(s)
	for _, l := range loaded.langs {
		if s == string(l) || s == fold(T(l, "lang.name", nil)) {
			return l, true
		}
		for _, name := range strings.Split(T(l, "lang.also", nil), ",") {
			if s == fold(name) {
				return l, true
			}
		}
	}
	return "", false
}

// accents folds the letters with accents that language names use, so
// "espanol" and "inglés" match too.
var accents = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ñ", "n", "ç", "c", "ã", "a", "ê", "e", "ô", "o")

func fold(s string) string { return accents.Replace(strings.ToLower(strings.TrimSpace(s))) }
