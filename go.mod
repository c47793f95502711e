module github.com/kscheck/kscheck

go 1.26.0
