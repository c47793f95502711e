package screening

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// Source is where a list is published: one URL, or several for lists
// published as several files (OFAC's CSV set).
type Source struct {
	List ListID
	URLs []string
}

// DefaultSources are the official publication addresses. OpenSanctions is
// not among them: its data is large and licensed for non-commercial use
// only, so an administrator adds it deliberately (KSCHECK_LIST_URL_OPENSANCTIONS).
var DefaultSources = []Source{
	{ListUN, []string{"https://scsanctions.un.org/resources/xml/en/consolidated.xml"}},
	{ListOFACSDN, ofacURLs("SDN.CSV", "ADD.CSV", "ALT.CSV", "SDN_COMMENTS.CSV")},
	{ListOFACCons, ofacURLs("CONS_PRIM.CSV", "CONS_ADD.CSV", "CONS_ALT.CSV", "CONS_COMMENTS.CSV")},
	{ListBISDPL, []string{"https://www.bis.doc.gov/dpl/dpl.txt"}},
	{ListCSL, []string{"https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv"}},
	{ListEU, []string{"https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw"}},
	{ListUK, []string{"https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv"}},
	{ListASPI, []string{"https://raw.githubusercontent.com/MISP/misp-galaxy/main/clusters/china-defence-universities.json"}},
}

func ofacURLs(files ...string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/" + f
	}
	return out
}

// Updater downloads current lists and saves each as the active snapshot
// of its list. A list whose download, parse or save fails keeps its
// previous snapshot: nothing is saved for it. The rules an import obeys
// (a list may not shrink unnoticed, the import is audited) belong to the
// Store it saves to, which is kscheck's service, not to the download.
type Updater struct {
	Client  *http.Client  // nil: a client with Timeout
	Timeout time.Duration // per request; 0 means two minutes
	Retries int           // further attempts after a failed one
	Backoff time.Duration // wait before the first retry, doubled after each
	Store   UpdateStore
	Now     func() time.Time
}

// UpdateStore is where an Updater saves: it needs to know the active
// snapshots only by their citations, to leave unchanged lists alone.
type UpdateStore interface {
	SaveSnapshot(ctx context.Context, s *Snapshot) (id int64, err error)
	ActiveSnapshotRefs(ctx context.Context) ([]Ref, error)
}

// UpdateResult reports one list's update.
type UpdateResult struct {
	List      ListID
	Snapshot  *Snapshot // the snapshot saved, or the download equal to the active one
	Unchanged bool      // the download equals the active snapshot
	Err       error     // why the previous snapshot was kept
}

// Update fetches every source. It returns one result per source; the
// error is only for failures of the store's listing of active snapshots.
func (u *Updater) Update(ctx context.Context, sources []Source) ([]UpdateResult, error) {
	active, err := u.Store.ActiveSnapshotRefs(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading list snapshots: %w", err)
	}
	current := map[ListID]string{}
	for _, r := range active {
		current[r.List] = r.SHA256
	}
	var results []UpdateResult
	for _, src := range sources {
		res := UpdateResult{List: src.List}
		s, err := u.fetch(ctx, src)
		switch {
		case err != nil:
			res.Err = err
		case current[src.List] == s.SHA256:
			res.Snapshot, res.Unchanged = s, true
		default:
			if _, err := u.Store.SaveSnapshot(ctx, s); err != nil {
				res.Err = err
			} else {
				res.Snapshot = s
			}
		}
		results = append(results, res)
	}
	return results, nil
}

// fetch downloads and parses one source into exactly one snapshot of its list.
func (u *Updater) fetch(ctx context.Context, src Source) (*Snapshot, error) {
	var files []sourceFile
	for _, raw := range src.URLs {
		data, err := u.download(ctx, raw)
		if err != nil {
			return nil, err
		}
		files = append(files, sourceFile{Name: fileNameOf(raw, src.List), Data: data})
	}
	now := time.Now
	if u.Now != nil {
		now = u.Now
	}
	snaps, err := readFiles(files, now().UTC())
	if err != nil {
		return nil, err
	}
	if len(snaps) != 1 || snaps[0].List != src.List {
		return nil, fmt.Errorf("%s: the download is not a %s list", strings.Join(src.URLs, ", "), src.List)
	}
	s := snaps[0]
	s.Source = strings.Join(src.URLs, " ")
	return s, nil
}

// fileNameOf names a downloaded file after the URL's last path element,
// which is how formats made of several files recognise their parts.
func fileNameOf(raw string, list ListID) string {
	if u, err := url.Parse(raw); err == nil {
		if base := path.Base(u.Path); base != "/" && base != "." {
			return base
		}
	}
	return string(list)
}

// download gets one URL, retrying network errors and server errors.
func (u *Updater) download(ctx context.Context, raw string) ([]byte, error) {
	client := u.Client
	if client == nil {
		timeout := u.Timeout
		if timeout == 0 {
			timeout = 2 * time.Minute
		}
		client = &http.Client{Timeout: timeout}
	}
	wait := u.Backoff
	var last error
	for attempt := 0; attempt <= u.Retries; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(wait):
			}
			wait *= 2
		}
		data, retry, err := get(ctx, client, raw)
		if err == nil {
			return data, nil
		}
		last = err
		if !retry {
			break
		}
	}
	return nil, last
}

// get performs one request; retry says whether trying again may help.
func get(ctx context.Context, client *http.Client, raw string) (data []byte, retry bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", raw, err)
	}
	req.Header.Set("User-Agent", "kscheck list update")
	resp, err := client.Do(req)
	if err != nil {
		return nil, !errors.Is(err, context.Canceled), fmt.Errorf("downloading %s: %w", raw, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests,
			fmt.Errorf("downloading %s: %s", raw, resp.Status)
	}
	data, err = io.ReadAll(resp.Body)
	if err != nil {
		return nil, true, fmt.Errorf("downloading %s: %w", raw, err)
	}
	return data, false, nil
}
