package kscheck

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
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

// Term is a word of the domain that an error message names, such as a
// state, an action, a role or a field: Text is the English word the
// message uses, Key the catalogue text that names it (taking Args as the
// catalogue's texts do). Passed as an argument of Errorf, it lets a page
// put the reader's word into the reader's sentence, where an English word
// would stand in a Dutch one.
type Term struct {
	Key, Text string
	Args      []any
}

func (t Term) String() string { return t.Text }

// valueTerm names a value of one of the domain's enums: its key is
// "prefix.value", as i18n.Key has it, and its English the value with
// spaces for underscores.
func valueTerm[T ~string](prefix string, v T) Term {
	return Term{Key: prefix + "." + string(v), Text: strings.ReplaceAll(string(v), "_", " ")}
}

// Terms is a list of Terms that an error message names, joined with ", "
// or, when Or is set, with " or "; pages join them in the reader's
// language.
type Terms struct {
	List []Term
	Or   bool
}

func (ts Terms) String() string {
	words := make([]string, len(ts.List))
	for i, t := range ts.List {
		words[i] = t.Text
	}
	if ts.Or {
		return strings.Join(words, " or ")
	}
	return strings.Join(words, ", ")
}

// Problems is every problem found in one input, said at once so that the
// person can fix them all in one go. Each is an *Error with a catalogue
// key of its own, so that pages say each in the reader's language; as an
// argument of Errorf they read as one sentence, separated by semicolons.
type Problems []*Error

func (ps Problems) String() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Message
	}
	return Capitalise(strings.Join(msgs, "; "))
}

// Sentence returns s as a sentence of its own, for a notice on a page:
// capitalised, and with a full stop unless it ends with one (or with a
// question or exclamation mark).
func Sentence(s string) string {
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return Capitalise(s)
	}
	return Capitalise(s) + "."
}

// Capitalise returns s with its first letter in upper case, for a list of
// problems that starts a sentence.
func Capitalise(s string) string {
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
