package models

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Consent is kept here, once. Someone who opted out, or whom a coordinator
// forgot at their request, gets nothing from the bot that they did not just
// ask for: no requests, reminders or nudges, no notes passed on from the
// other person, no scheduled message, no welcome. MayContact is the one
// check every sending path asks; answers to a person's own commands and
// clicks are the only messages that do not.

// Suppression is all the bot keeps of someone forgotten at their request:
// their Slack id and the day, nothing else, so that no message from the bot
// reaches them again. Only they can lift it, by opting in.
type Suppression struct {
	UserID UserID    `gorm:"primaryKey"`
	Since  time.Time // the day they were forgotten, as midnight UTC
}

// TableName pins the table name.
func (Suppression) TableName() string { return "suppressions" }

// ErrNoContact is in the chain of MayContact's refusal, for callers that
// tell whoever meant to reach the person, kindly, instead of failing.
var ErrNoContact = errors.New("asked not to be contacted")

// MayContact says whether the bot may message id about anything they did
// not just ask for: nil, or an EUNAUTHORIZED error wrapping ErrNoContact
// when they opted out or were forgotten at their request. Someone the
// store does not know may be contacted.
func (s *Store) MayContact(ctx context.Context, id UserID) error {
	var n int64
	err := s.conn(ctx).Raw(`SELECT (SELECT COUNT(*) FROM members WHERE id = ? AND opted_out = ?)
		+ (SELECT COUNT(*) FROM suppressions WHERE user_id = ?)`, id, true, id).Scan(&n).Error
	if err != nil {
		return translate("may contact", err)
	}
	if n > 0 {
		return &Error{Code: EUNAUTHORIZED, Message: "They've asked not to get messages from me.", MessageID: "error.no_contact", Err: ErrNoContact}
	}
	return nil
}

// suppressed reports whether id was forgotten at their request and has not
// opted in since.
func suppressed(tx *gorm.DB, id UserID) (bool, error) {
	var n int64
	err := tx.Model(&Suppression{}).Where("user_id = ?", id).Count(&n).Error
	return n > 0, err
}

// suppress records that id was forgotten at their request, keeping the
// first day they asked.
func (s *Store) suppress(tx *gorm.DB, id UserID) error {
	return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&Suppression{UserID: id, Since: s.now().Truncate(24 * time.Hour)}).Error
}

// OptOut records that id wants nothing from the bot they did not ask for,
// and closes every request still waiting for an answer: those waiting on
// id's, as declined by them, so nobody waits for an answer that cannot
// come, and those id sent to someone in Slack, as cancelled by them, since
// the answer could no longer reach them. Each organizer of a request id was
// asked gets a kind word (KindOptedOut), queued with the change
// (outbox.go); a request id sent is withdrawn in place by the caller, with
// nothing new sent. OptOut returns the closed requests. Meetings already
// scheduled stay as the two agreed; MayContact keeps their reminders from
// reaching id. Plans with people outside Slack wait on nobody's answer and
// stay. Someone forgotten at their request is out already.
func (s *Store) OptOut(ctx context.Context, id UserID) ([]OneToOne, error) {
	var closed []OneToOne
	err := s.tx(ctx, func(tx *gorm.DB) error {
		closed = closed[:0]
		res := tx.Model(&Member{}).Where("id = ?", id).Updates(map[string]any{"opted_out": true, "updated_at": s.now()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			if out, err := suppressed(tx, id); err != nil || !out {
				if err == nil {
					err = Errorf(ENOTFOUND, "I don't know that person yet.").Msg("error.unknown_person")
				}
				return err
			}
		}
		var waiting []OneToOne
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).
			Where("status = ? AND (invitee_id = ? OR (requester_id = ? AND invitee_id <> ''))", StatusRequested, id, id).
			Order("id").Find(&waiting).Error; err != nil {
			return err
		}
		for _, o := range waiting {
			end := o.Decline
			if o.RequesterID == id {
				end = o.Cancel
			}
			if err := end(id, "", s.now()); err != nil {
				return err
			}
			if err := saveVersioned(tx, &o); err != nil {
				return err
			}
			if o.InviteeID == id {
				if _, err := s.queueNotes(tx, &o, []Note{OptedOutNote(&o)}); err != nil {
					return err
				}
			}
			closed = append(closed, o)
		}
		return nil
	})
	if err != nil {
		return nil, translate("opt out", err)
	}
	return closed, nil
}

// OptedOutNote is the word OptOut queues for the organizer of a request it
// closed.
func OptedOutNote(o *OneToOne) Note {
	return Note{Kind: KindOptedOut, To: o.RequesterID, By: o.InviteeID}
}

// OptIn lifts id's opt-out and the suppression a `forget` left. It is their
// own consent: call it only for the person asking. Their profile is stored
// again by the next SaveMember.
func (s *Store) OptIn(ctx context.Context, id UserID) error {
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ?", id).Delete(&Suppression{}).Error; err != nil {
			return err
		}
		return tx.Model(&Member{}).Where("id = ?", id).Updates(map[string]any{"opted_out": false, "updated_at": s.now()}).Error
	})
	return translate("opt in", err)
}
