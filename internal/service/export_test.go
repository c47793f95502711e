package service

import "github.com/kscheck/kscheck/internal/store"

// StoreOf lets the service's own tests read what a use case wrote, as it
// stands in the database, past the rules they test.
func StoreOf(s *Service) *store.Store { return s.store }
