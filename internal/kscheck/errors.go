package kscheck

import (
	"errors"
	"fmt"
)

// Code classifies an error so that adapters can map it to an HTTP status or
// an exit code without parsing messages.
type Code string

// Error codes used across kscheck.
const (
	EInvalid         Code = "invalid"         // the input is malformed or breaks a rule
	ENotFound        Code = "not_found"       // the thing does not exist (or may not be seen)
	EForbidden       Code = "forbidden"       // the person may not do this
	EConflict        Code = "conflict"        // someone else changed it first, or it already exists
	EUnauthenticated Code = "unauthenticated" // nobody is signed in
	ETooMany         Code = "too_many"        // too many attempts, or the server is busy: try again later
	EInternal        Code = "internal"        // a fault on our side
)

// Error is an error a person can read: Message is a plain sentence that says
// what was wrong and, where possible, what to do.
type Error struct {
	Code    Code
	Message string
	// Key, when set, names the catalogue text that says Message in the
	// reader's language; it takes Args as Message's format did.
	Key  string
	Args []any
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Args: args}
}

// Translated marks e with the catalogue key of its message, so that pages
// show it in the reader's language (the command line and logs keep
// Message). The catalogue's English text is the format given to Errorf.
func (e *Error) Translated(key string) *Error {
	e.Key = key
	return e
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the human message of the first *Error in err's chain;
// other errors are hidden behind a generic sentence so that internals never
// reach a user.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "An internal error occurred; it has been logged. Please try again later."
}
