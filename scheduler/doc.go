// Package scheduler owns onetoone's time-driven work: reminders before a
// meeting, the reflection prompt to each of the two people after it, nudges
// for requests nobody scheduled, follow-ups on the day a reflection's author
// chose, and the expiry of requests left open too long. It also owns the
// sending of the messages that follow what people do (invitations,
// confirmations, notes that a request closed): the bot stores them with
// the change and asks SendNow to send them at once, and the outbox job sends
// what a crash left behind (outbox.go).
//
// Work is a table of named jobs, each a func(ctx, now) error that can run
// alone (`onetoone run-job NAME`). Cron only triggers them. A due-work job
// plans (it finds what has come due in the database and queues one delivery
// per message under a unique key) and then delivers (it claims due
// deliveries one at a time under a lease, and hands each to the Notifier at
// a humane hour in the recipient's timezone). Planning twice, or on two
// replicas, queues nothing twice; claiming is safe with replicas sharing one
// Postgres. After a process's first pass, planning reads only what time or a
// change brought into its window since the last pass, and reads each window
// whole once an hour (marks.go), so a tick costs what is new, not the size of
// the organization's history.
//
// The package talks to Slack only through the Notifier interface declared
// here, which the bot satisfies: it must not import slack-go or the bot. It
// takes the time from an injected clock, never from time.Now.
package scheduler
