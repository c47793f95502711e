package screening

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// countryAliases are the ways lists write countries that the CLDR English
// names do not cover.
var countryAliases = map[string]string{
	"russia": "RU", "iran": "IR", "syria": "SY", "burma": "MM", "korea north": "KP",
	"north korea": "KP", "korea democratic people s republic of": "KP", "korea south": "KR",
	"south korea": "KR", "korea republic of": "KR", "democratic people s republic of korea": "KP",
	"republic of korea": "KR", "palestinian": "PS", "palestine": "PS", "west bank": "PS",
	"gaza": "PS", "china": "CN", "people s republic of china": "CN", "taiwan": "TW",
	"vietnam": "VN", "viet nam": "VN", "laos": "LA", "bolivia": "BO", "venezuela": "VE",
	"tanzania": "TZ", "moldova": "MD", "macedonia": "MK", "congo democratic republic of the": "CD",
	"democratic republic of the congo": "CD", "congo republic of the": "CG", "cote d ivoire": "CI",
	"ivory coast": "CI", "united states": "US", "usa": "US", "united kingdom": "GB", "uk": "GB",
	"czech republic": "CZ", "turkey": "TR", "turkiye": "TR", "brunei": "BN", "cape verde": "CV",
	"swaziland": "SZ", "east timor": "TL", "micronesia": "FM", "vatican": "VA", "holy see": "VA",
	"bahamas the": "BS", "gambia the": "GM", "iran islamic republic of": "IR",
	"syrian arab republic": "SY", "russian federation": "RU", "lao people s democratic republic": "LA",
	"kosovo": "XK", "crimea": "UA", "region crimea": "UA",
}

var (
	countryOnce  sync.Once
	countryNames map[string]string
)

// CountryCode returns the ISO 3166-1 alpha-2 code of a country given as a
// code or an English name, or "" when it is not recognised.
func CountryCode(s string) string {
	countryOnce.Do(loadCountryNames)
	key := countryKey(s)
	if key == "" {
		return ""
	}
	if len(key) == 2 {
		up := strings.ToUpper(key)
		if r, err := language.ParseRegion(up); err == nil && r.IsCountry() {
			return r.String()
		}
	}
	if cc, ok := countryAliases[key]; ok {
		return cc
	}
	return countryNames[key]
}

func loadCountryNames() {
	countryNames = make(map[string]string, 300)
	namer := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() || r.String() != string([]rune{a, b}) {
				continue
			}
			if name := namer.Name(r); name != "" {
				countryNames[countryKey(name)] = r.String()
			}
		}
	}
}

// countryKey folds a country name to lower-case letters separated by
// single spaces, so that "Korea, North" and "korea north" meet.
func countryKey(s string) string {
	var b strings.Builder
	space := false
	for _, r := range foldASCII(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}
