package screening

// Partner is a partner of an open or running case, as re-screening sees
// it: Key identifies it to the caller (e.g. case and partner id).
type Partner struct {
	Key   string
	Query Query
}

// Alert is a new or changed hit found by re-screening.
type Alert struct {
	Partner  Partner `json:"partner"`
	Match    Match   `json:"match"`
	Change   string  `json:"change"`             // "new" or "changed"
	Previous *Match  `json:"previous,omitempty"` // the hit before, for "changed"
}

// Rescreen screens the partners against the old and the new index and
// returns the hits that are new, or that grew stronger or now match
// another listed name, in the new one. It is pure: storing alerts and
// notifying the Advice Desk is the caller's. A nil old index means every
// hit is new. Partners whose query is invalid are skipped.
func Rescreen(old, cur *Index, partners []Partner, th Thresholds) []Alert {
	var alerts []Alert
	for _, p := range partners {
		q, err := normalizeQuery(p.Query)
		if err != nil {
			continue
		}
		before := map[string]Match{}
		if old != nil {
			for _, m := range old.search(q, th) {
				before[string(m.List)+"\x00"+m.ID] = m
			}
		}
		for _, m := range cur.search(q, th) {
			prev, ok := before[string(m.List)+"\x00"+m.ID]
			switch {
			case !ok:
				alerts = append(alerts, Alert{Partner: p, Match: m, Change: "new"})
			case m.Score > prev.Score || m.Matched != prev.Matched:
				alerts = append(alerts, Alert{Partner: p, Match: m, Change: "changed", Previous: &prev})
			}
		}
	}
	return alerts
}
