module github.com/kscheck/kscheck

go 1.26.0

require (
	github.com/mozillazg/go-unidecode v0.2.0
	golang.org/x/text v0.44.0
)
