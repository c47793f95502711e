//go:build ignore

// gen.go turns the world universities list (JSON, from
// Hipo/university-domains-list, MIT licence) into universities.tsv.gz: one
// "name<TAB>country code<TAB>website" line per university, gzip-compressed,
// so that the binary carries the directory in a few hundred kilobytes.
//
//	go run gen.go ../../../shared/data/partners/world-universities.json
package main

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"
)

type university struct {
	Name     string   `json:"name"`
	Country  string   `json:"alpha_two_code"`
	Domains  []string `json:"domains"`
	WebPages []string `json:"web_pages"`
}

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: go run gen.go world-universities.json")
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	var us []university
	if err := json.Unmarshal(raw, &us); err != nil {
		log.Fatal(err)
	}
	sort.SliceStable(us, func(i, j int) bool { return us[i].Name < us[j].Name })
	f, err := os.Create("universities.tsv.gz")
	if err != nil {
		log.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	clean := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")
	for _, u := range us {
		site := ""
		switch {
		case len(u.WebPages) > 0:
			site = u.WebPages[0]
		case len(u.Domains) > 0:
			site = "https://" + u.Domains[0] + "/"
		}
		fmt.Fprintf(zw, "%s\t%s\t%s\n", clean.Replace(strings.TrimSpace(u.Name)), strings.ToUpper(u.Country), clean.Replace(site))
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
