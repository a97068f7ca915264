package models

import (
	"fmt"
	"strconv"
	"time"
)

// UserID is a Slack user id ("U0123ABC"). A distinct type keeps requester and
// invitee from being swapped by accident.
type UserID string

// TeamID is a Slack workspace id ("T0123ABC"), which keys its settings.
type TeamID string

// PersonID is the id of a Person, someone outside Slack.
type PersonID int64

// OneToOneID is the id of a OneToOne. Buttons and deliveries carry it as
// text (String, ParseOneToOneID).
type OneToOneID int64

// String writes the id as buttons and deliveries carry it: in decimal.
func (id OneToOneID) String() string { return strconv.FormatInt(int64(id), 10) }

// ParseOneToOneID reads an id written by String. It refuses anything else,
// zero and negative numbers included.
func ParseOneToOneID(s string) (OneToOneID, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a one-to-one id", s)
	}
	return OneToOneID(n), nil
}

// Roles a member can hold in a group.
const (
	RoleMember      = "member"
	RoleCoordinator = "coordinator"
)

// Member is a person of the workspace as the bot knows them: enough of their
// Slack profile to greet them and reach them at a sensible local hour.
type Member struct {
	ID      UserID `gorm:"primaryKey"`
	TeamID  TeamID
	Name    string // display name, falling back to the real name
	TZ      string // IANA zone from the Slack profile; "" when Slack has none
	IsBot   bool
	Deleted bool // deactivated in Slack
	IsAdmin bool // workspace admin or owner, per Slack
	// Role is the member's role in the group the store that read them is
	// scoped to (Store.In): RoleCoordinator or RoleMember; "" when read
	// unscoped, which makes nobody a coordinator. Roles live in
	// group_members.
	Role string `gorm:"-"`
	// readIn is the group whose role Role is, when a scoped store read the
	// member; 0 otherwise.
	readIn   GroupID `gorm:"-"`
	OptedOut bool
	// CurrentGroupID is the group they chose to act in (SetCurrentGroup);
	// nil is the workspace's default group. CurrentGroup is the one to ask.
	CurrentGroupID *GroupID
	// Language is the language the member chose to read the bot in, an
	// ISO 639-1 code ("es"); "" follows Locale, then the group's language.
	Language string
	// Locale is the language of their Slack client, as users.info gives
	// it with include_locale ("es-LA", "en-US"); "" when Slack gave none.
	Locale string
	// JoinedAt is when they joined the workspace or the digest channel, as
	// far as the bot saw; nil when they were here before the bot.
	JoinedAt         *time.Time
	ProfileFetchedAt time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// IsCoordinator reports whether the member is one of the group's named
// coordinators (ONETOONE_COORDINATORS, or named in settings): the people who
// may see the team's picture, export it and read reflections. Being a
// workspace admin is not enough: in many workspaces the admins are staff or
// IT outside the organizing committee.
func (m *Member) IsCoordinator() bool {
	return m != nil && m.Role == RoleCoordinator
}

// CanManageSettings reports whether the member may open the workspace's
// settings and name its coordinators: a coordinator, or a workspace admin or
// owner, so a group without coordinators yet can name its first ones. It
// lets nobody read anything; an admin who should read names themselves.
func (m *Member) CanManageSettings() bool {
	return m != nil && (m.IsAdmin || m.IsCoordinator())
}

// Location returns the member's timezone, or fallback when the profile has
// none or names a zone this machine does not know.
func (m *Member) Location(fallback *time.Location) *time.Location {
	if m != nil && m.TZ != "" {
		if loc, err := time.LoadLocation(m.TZ); err == nil {
			return loc
		}
	}
	return fallback
}

// Person is someone of a group's campaign, in Slack or not: a co-worker,
// a neighbour. An organizer's own contact (typed by name in a request or a
// list of ten) has the organizer as OwnerID; a person of the group's roster
// (imported, or added by a coordinator) has OwnerID "" and is shared by
// the group's organizers. Roster people are told apart by their name with
// their email or phone (NameKey, EmailKey, PhoneKey). SlackID links the
// person to their Slack account once known, so their story follows them.
type Person struct {
	ID PersonID `gorm:"primaryKey"`
	// GroupID is the group it belongs to; the store sets it (Store.In).
	GroupID GroupID
	// OwnerID is the organizer whose own contact this is; "" for the roster.
	OwnerID UserID
	Name    string
	NameKey string // Name as compared (NameKey); set on save
	// SlackID is the Slack member this person is, once linked; "" until
	// then. Once linked, one-to-ones whose invitee_id is SlackID are the
	// person's too, as much as those whose person_id is theirs: their
	// story follows them (LinkPerson, LinkByEmail). At most one person of
	// a group is linked to a Slack member.
	SlackID UserID
	// How to reach them: Email and Phone as given; EmailKey and PhoneKey
	// as compared (EmailKey, PhoneKey), set on save.
	Email    string
	EmailKey string
	Phone    string
	PhoneKey string
	// Where they are: the three roster fields, which each group names in
	// settings (Settings.RosterFields: by default Worksite, Department,
	// Shift).
	Site       string
	Department string
	Shift      string
	// Notes are coordinators' free-form notes about the person, read by
	// coordinators only. They are stored sealed in NotesBody (see Sealer)
	// and never logged.
	Notes     string `gorm:"-"`
	NotesBody []byte `gorm:"column:notes"`
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName pins the table name.
func (Person) TableName() string { return "people" }
