package models

import (
	"errors"
	"fmt"
)

// Error codes name the kind of failure so callers can decide what to tell a
// person without parsing strings.
const (
	ECONFLICT     = "conflict"     // the thing changed under us, or already exists
	EINTERNAL     = "internal"     // our fault; the person should try again
	EINVALID      = "invalid"      // the input cannot be used as given
	ENOTFOUND     = "not_found"    // no such thing
	EUNAUTHORIZED = "unauthorized" // the person may not do or see this
	EUNAVAILABLE  = "unavailable"  // a dependency (the database) is down for now
)

// Error is the one error type of the domain. Message is written for the
// person who caused it and is safe to show them; Err keeps the cause for logs.
//
// MessageID names Message in the bot's message catalog ("error.self_log"),
// and MessageData fills its placeholders ("Max": 300), so the bot can say
// it in each person's language: models never import the catalog, and
// Message stays the English, for logs and for callers without one.
type Error struct {
	Code        string
	Message     string
	MessageID   string
	MessageData map[string]any
	Err         error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Msg names e's message in the bot's catalog, its placeholders given as
// name, value pairs ("Max", 300), and returns e. Every error a person sees
// has one; the bot's tests check that the catalog's English is Message.
func (e *Error) Msg(id string, pairs ...any) *Error {
	e.MessageID = id
	if len(pairs) > 0 {
		e.MessageData = make(map[string]any, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			e.MessageData[pairs[i].(string)] = pairs[i+1]
		}
	}
	return e
}

// Errorf returns an *Error whose message is shown to people as written.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the person-facing message of err. Internal errors
// never leak their text: people get a plain apology instead.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL && e.Message != "" {
		return e.Message
	}
	if ErrorCode(err) == EUNAVAILABLE {
		return "I can't reach my database just now. Please try again in a moment."
	}
	return "Sorry, something went wrong on my side. Please try again in a moment."
}
