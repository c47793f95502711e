package screening

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/kscheck/kscheck/internal/kscheck"
)

// sourceFile is one list file as read from disk or the network.
type sourceFile struct {
	Name string // path as shown to people
	Data []byte
}

// format is one published list format: how to recognise a file of it and
// how to read it. Multi-file formats (OFAC CSV) read every file of their
// kind in one directory together.
type format struct {
	list   ListID
	multi  bool
	detect func(base string, head []byte) bool
	read   func(files []sourceFile) (*Snapshot, error)
}

func single(read func(sourceFile) (*Snapshot, error)) func([]sourceFile) (*Snapshot, error) {
	return func(fs []sourceFile) (*Snapshot, error) { return read(fs[0]) }
}

func isOneOf(base string, names ...string) bool {
	for _, n := range names {
		if base == n {
			return true
		}
	}
	return false
}

// formats is every format kscheck reads, tried in order.
var formats = []format{
	{list: ListUN, read: single(readUNFile), detect: func(_ string, h []byte) bool { return bytes.Contains(h, []byte("<CONSOLIDATED_LIST")) }},
	{list: ListOFACSDN, read: single(readOFACXML), detect: func(_ string, h []byte) bool { return bytes.Contains(h, []byte("<sdnList")) }},
	{list: ListOFACSDN, read: single(readOFACAdvanced), detect: isOFACAdvanced},
	{list: ListEU, read: single(readEUXML), detect: func(_ string, h []byte) bool { return bytes.Contains(h, []byte("fsd/export")) }},
	{list: ListOFACSDN, multi: true, read: func(f []sourceFile) (*Snapshot, error) { return readOFACCSV(ListOFACSDN, f) },
		detect: func(b string, _ []byte) bool { return isOneOf(b, "sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv") }},
	{list: ListOFACCons, multi: true, read: func(f []sourceFile) (*Snapshot, error) { return readOFACCSV(ListOFACCons, f) },
		detect: func(b string, _ []byte) bool { return strings.HasPrefix(b, "cons_") && strings.HasSuffix(b, ".csv") }},
	{list: ListBISDPL, read: single(readDPL), detect: func(_ string, h []byte) bool {
		return bytes.HasPrefix(h, []byte("\"Name\"\t")) || bytes.HasPrefix(h, []byte("Name\t"))
	}},
	{list: ListCSL, read: single(readCSLCSV), detect: isCSLHeader},
	{list: ListCSL, read: single(readCSLJSON), detect: func(b string, h []byte) bool {
		return strings.HasSuffix(b, ".json") && bytes.Contains(h, []byte(`"results"`))
	}},
	{list: ListASPI, read: single(readASPI), detect: func(_ string, h []byte) bool { return bytes.Contains(h, []byte(`"china-defence-universities"`)) }},
	{list: ListEU, read: single(readEUCSV), detect: func(_ string, h []byte) bool {
		return bytes.HasPrefix(bytes.TrimPrefix(h, bom), []byte("fileGenerationDate;"))
	}},
	{list: ListUK, read: single(readUKCSV), detect: func(_ string, h []byte) bool { return isUKHeader(h) }},
	{list: ListOpenSanctions, read: single(readFTM), detect: func(_ string, h []byte) bool {
		return bytes.HasPrefix(h, []byte("{")) && bytes.Contains(h, []byte(`"schema"`)) && bytes.Contains(h, []byte(`"properties"`))
	}},
}

var bom = []byte("\ufeff")

// isCSLHeader recognises the Consolidated Screening List CSV by its first
// line, which starts with "source,entity_number," or, in the full
// download, with "_id,source,entity_number,".
func isCSLHeader(_ string, h []byte) bool {
	line, _, _ := bytes.Cut(bytes.TrimPrefix(h, bom), []byte("\n"))
	return bytes.HasPrefix(line, []byte("source,entity_number,")) || bytes.HasPrefix(line, []byte("_id,source,entity_number,"))
}

func readUNFile(f sourceFile) (*Snapshot, error) { return readUN(f.Name, bytes.NewReader(f.Data)) }

// baseName is the file name without directories and a .gz suffix.
func baseName(name string) string {
	return strings.ToLower(strings.TrimSuffix(path.Base(filepath.ToSlash(name)), ".gz"))
}

// gunzip returns the contents of a .gz file, or data unchanged.
func gunzip(name string, data []byte) ([]byte, error) {
	if !strings.HasSuffix(name, ".gz") {
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, formatError(name, 0, "not a gzip file: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, formatError(name, 0, "the compressed file is damaged: %v", err)
	}
	return out, nil
}

// ReadPath reads every list file under dir (or the single file it names),
// recognising each format by file name and content. Files of no known
// format are ignored. Two snapshots of the same list are an error that
// names both, as is any file that does not parse completely.
func ReadPath(p string) ([]*Snapshot, error) {
	var files []sourceFile
	err := filepath.WalkDir(p, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		files = append(files, sourceFile{Name: name, Data: data})
		return nil
	})
	if err != nil {
		return nil, kscheck.Errorf(kscheck.EInvalid, "cannot read lists from %s: %v", p, err)
	}
	return readFiles(files, time.Now().UTC())
}

// ReadUpload reads list files given by name and content, as sent from the
// lists page, the way ReadPath reads them from disk. Compressed files are
// refused: what they expand to is not bounded by the upload's size limit.
func ReadUpload(files map[string][]byte, fetched time.Time) ([]*Snapshot, error) {
	var sfs []sourceFile
	for name, data := range files {
		if strings.HasSuffix(strings.ToLower(name), ".gz") {
			return nil, kscheck.Errorf(kscheck.EInvalid, "%s is compressed; upload the file uncompressed", name).Translated("lists.err.compressed")
		}
		sfs = append(sfs, sourceFile{Name: path.Base(filepath.ToSlash(name)), Data: data})
	}
	return readFiles(sfs, fetched)
}

// ReadFS reads every list file in fsys, as ReadPath does for a directory;
// the bundled snapshots are read this way.
func ReadFS(fsys fs.FS, fetched time.Time) ([]*Snapshot, error) {
	var files []sourceFile
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		files = append(files, sourceFile{Name: name, Data: data})
		return err
	})
	if err != nil {
		return nil, err
	}
	return readFiles(files, fetched)
}

// readFiles groups files into snapshots and reads them.
func readFiles(files []sourceFile, fetched time.Time) ([]*Snapshot, error) {
	type group struct {
		f     *format
		files []sourceFile
	}
	groups := map[string]*group{}
	var keys []string
	for _, sf := range files {
		data, err := gunzip(sf.Name, sf.Data)
		if err != nil {
			return nil, err
		}
		sf.Data = data
		base := baseName(sf.Name)
		head := sf.Data[:min(len(sf.Data), 4096)]
		for i := range formats {
			f := &formats[i]
			if !f.detect(base, head) {
				continue
			}
			key := sf.Name
			if f.multi {
				key = string(f.list) + "\x00" + path.Dir(filepath.ToSlash(sf.Name))
			}
			g := groups[key]
			if g == nil {
				g = &group{f: f}
				groups[key] = g
				keys = append(keys, key)
			}
			g.files = append(g.files, sf)
			break
		}
	}
	sort.Strings(keys)
	byList := map[ListID]*Snapshot{}
	var out []*Snapshot
	for _, k := range keys {
		g := groups[k]
		sort.Slice(g.files, func(i, j int) bool { return g.files[i].Name < g.files[j].Name })
		s, err := g.f.read(g.files)
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		for _, f := range g.files {
			h.Write(f.Data)
			s.Files = append(s.Files, f.Name)
		}
		s.SHA256 = hex.EncodeToString(h.Sum(nil))
		s.Source = strings.Join(s.Files, ", ")
		s.Fetched = fetched
		s.count()
		if prev := byList[s.List]; prev != nil {
			return nil, kscheck.Errorf(kscheck.EInvalid, "two snapshots of the %s list: %s and %s; keep one of them",
				s.List, strings.Join(prev.Files, ", "), strings.Join(s.Files, ", "))
		}
		byList[s.List] = s
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return listOrder(out[i].List) < listOrder(out[j].List) })
	return out, nil
}

func listOrder(l ListID) int {
	for i, x := range Lists {
		if x == l {
			return i
		}
	}
	return len(Lists)
}
