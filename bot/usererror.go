package bot

import (
	"errors"

	"github.com/onetoone/onetoone/bot/catalog"
	"github.com/onetoone/onetoone/models"
)

// userError is a refusal the bot itself writes for a person: the catalog's
// id (and its placeholders' data) travels with the error, so errorText says
// it in the language of whoever reads it, and Message is the English, for
// logs.
func userError(code, id string, data map[string]any) *models.Error {
	return &models.Error{Code: code, Message: catalog.T(catalog.English, id, data), MessageID: id, MessageData: data}
}

// errorText is models.ErrorMessage in l: the person-facing message of
// err, from the catalog when the error names its message there (every
// one people see does; models.Error.Msg), and a plain apology for our own
// failures, which never leak their text.
func errorText(l catalog.Lang, err error) string {
	var e *models.Error
	if errors.As(err, &e) && e.Code != models.EINTERNAL && e.Message != "" {
		if e.MessageID != "" {
			return catalog.T(l, e.MessageID, e.MessageData)
		}
		return e.Message
	}
	if models.ErrorCode(err) == models.EUNAVAILABLE {
		return catalog.T(l, "error.unavailable", nil)
	}
	return catalog.T(l, "error.internal", nil)
}
