package models

import "time"

// Delivery states. A delivery is pending until one worker claims it; it is
// then sent, skipped (no longer relevant when its turn came) or failed
// (gave up after retries).
const (
	DeliveryPending = "pending"
	DeliveryClaimed = "claimed"
	DeliverySent    = "sent"
	DeliverySkipped = "skipped"
	DeliveryFailed  = "failed"
)

// Delivery is one scheduled message to one person. Its key (Kind, Subject,
// Recipient, Window) is unique in the database, which is what makes a nudge,
// a reminder or a digest go out once even with several replicas.
type Delivery struct {
	ID        int64 `gorm:"primaryKey"`
	Kind      string
	Subject   string // what it is about, e.g. a one-to-one id
	Recipient string // a Slack user or channel id
	Window    string // distinguishes repeats, e.g. a scheduled time or a week
	DueAt     time.Time
	State     string
	// ClaimedBy and LeaseUntil mark a claim; a claim whose lease ran out
	// was abandoned by a crashed worker and may be taken again.
	ClaimedBy  string
	LeaseUntil *time.Time
	Attempts   int
	SentAt     *time.Time
	LastError  string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// ProcessedEvent remembers a Slack event id so a redelivered event does
// nothing the second time (Slack keeps event ids unique, ../shared/SLACK.md).
type ProcessedEvent struct {
	EventID    string `gorm:"primaryKey"`
	ReceivedAt time.Time
}

// Lease is a named lock with an expiry, held by one process at a time: the
// calendar jobs and the single SQLite server take one.
type Lease struct {
	Name   string `gorm:"primaryKey"`
	Holder string
	Until  time.Time
}

// Settings are a workspace's choices; zero values fall back to the
// operator's environment defaults.
type Settings struct {
	TeamID             string `gorm:"primaryKey"`
	DigestChannel      string
	DigestCron         string
	Timezone           string
	NudgeAfterSec      int64
	ReflectionDelaySec int64
	DeliveryHours      string
	LadderLabels       string // newline-separated labels for levels 1–5
	UninstalledAt      *time.Time
	UpdatedAt          time.Time
}

// TableName pins the table name.
func (Settings) TableName() string { return "settings" }
