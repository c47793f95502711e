package service

import (
	"context"
	"time"
)

// Readiness is what a load balancer asks before sending a server requests:
// whether its database answers and its list index is built.
type Readiness struct {
	Ready      bool        `json:"ready"`
	Database   Component   `json:"database"`
	ListIndex  Component   `json:"list_index"`
	Procedures int         `json:"procedures"` // versions in the live set
	Checked    time.Time   `json:"checked"`
	Lists      []ListState `json:"lists,omitempty"`
}

// Component is the state of one part the server needs.
type Component struct {
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
	// Entities is the number of list entries indexed (list index only).
	Entities int `json:"entities,omitempty"`
}

// ListState names a snapshot the list index was built from.
type ListState struct {
	List   string `json:"list"`
	SHA256 string `json:"sha256"`
}

// Ready checks the database and the list index. The index is built on the
// first call when it was not yet, so a server is ready once it can screen.
// Errors are reported in the answer, not returned: a health check always
// has something to say.
func (s *Service) Ready(ctx context.Context) Readiness {
	r := Readiness{Checked: s.Now(), Procedures: len(s.Procedures.Procedures())}
	if err := s.store.Ping(ctx); err != nil {
		r.Database.Error = "the database does not answer"
	} else {
		r.Database.OK = true
	}
	if s.Screening == nil {
		r.ListIndex = Component{OK: true, Error: "screening is not configured"}
	} else if ix, err := s.Screening.Index(ctx); err != nil {
		r.ListIndex.Error = "the list index cannot be built: " + err.Error()
	} else {
		r.ListIndex.OK = true
		r.ListIndex.Entities, _ = ix.Size()
		for _, snap := range ix.Snapshots() {
			r.Lists = append(r.Lists, ListState{List: string(snap.List), SHA256: snap.SHA256})
		}
	}
	r.Ready = r.Database.OK && r.ListIndex.OK
	return r
}
