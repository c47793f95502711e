package screening

import "strings"

// Word lists of the matcher: the spellings directories and bibliographies
// use for the same word, and the words that tell institutions apart.

// wordForms rewrites a token into the form names are compared in:
// abbreviations that are unambiguous without their dot, plural and
// adjectival forms that name the same thing, and the pinyin of the
// institutional words of Chinese names (Zhongshan Daxue is Zhongshan
// University).
var wordForms = map[string][]string{
	"univ": {"university"}, "natl": {"national"}, "tech": {"technology"}, "inst": {"institute"},
	"acad": {"academy"}, "ctr": {"center"}, "centre": {"center"}, "dept": {"department"},
	"corp": {"corporation"}, "grp": {"group"}, "ltd": {"limited"},
	"sciences": {"science"}, "technologies": {"technology"}, "agriculture": {"agricultural"},
	"post": {"posts"}, "forest": {"forestry"}, "telecommunication": {"telecommunications"}, "studies": {"study"},
	"northern": {"north"}, "southern": {"south"}, "eastern": {"east"}, "western": {"west"},
	"northeastern": {"northeast"}, "northwestern": {"northwest"}, "southeastern": {"southeast"},
	"southwestern": {"southwest"},
	"daxue":        {"university"}, "xueyuan": {"institute"},
	"yanjiusuo": {"research", "institute"}, "yanjiuyuan": {"research", "institute"},
}

// dottedForms are abbreviations expanded only when written with their dot
// ("Eng." is engineering; "Eng" may be a name).
var dottedForms = map[string]string{
	"eng": "engineering", "sci": "science", "coll": "college", "res": "research", "lab": "laboratory",
	"co": "company",
}

// hanForms are the institutional words of names in Chinese script, written
// in English so that 中山大学 meets "Zhongshan University", and places
// whose usual romanisation is not their pinyin. 理工 stays ligong: English
// names render it as "Science and Technology" (南京理工大学) as often as
// "Technology" (北京理工大学, Beijing Institute of Technology), so
// translating it would make Shandong University of Science and Technology
// (山东科技大学) meet 山东理工大学, Shandong University of Technology.
var hanForms = []struct {
	han   string
	words []string
}{
	{"研究所", []string{"research", "institute"}}, {"研究院", []string{"research", "institute"}},
	{"大学", []string{"university"}}, {"学院", []string{"institute"}},
	{"陕西", []string{"shaanxi"}}, {"哈尔滨", []string{"harbin"}},
}

// hanReadings correct the transliteration of characters whose reading in
// place names the transliteration table gets wrong (广 guang, not yan:
// 广州 Guangzhou; 汉 han, not yi: 武汉 Wuhan).
var hanReadings = map[rune]string{
	'广': "guang", '汉': "han", '宁': "ning", '沈': "shen", '厦': "xia", '重': "chong", '藏': "zang",
}

var ordinals = []string{"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
	"ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
	"seventeenth", "eighteenth", "nineteenth", "twentieth"}

// ordinal writes "4th" as "fourth"; other tokens are returned unchanged.
func ordinal(tok string) string {
	n := len(tok)
	if n < 3 || n > 4 {
		return tok
	}
	switch tok[n-2:] {
	case "st", "nd", "rd", "th":
	default:
		return tok
	}
	v := 0
	for i := 0; i < n-2; i++ {
		if tok[i] < '0' || tok[i] > '9' {
			return tok
		}
		v = v*10 + int(tok[i]-'0')
	}
	if v < 1 || v >= len(ordinals) {
		return tok
	}
	return ordinals[v]
}

// compass words joined with a following "china" name a region ("North
// China", "South China"): North China University of Technology is not the
// North University of China.
var compass = map[string]bool{"north": true, "south": true, "east": true, "west": true, "central": true,
	"northeast": true, "northwest": true, "southeast": true, "southwest": true}

// distinctWords are words that are never typos of one another: names of
// Chinese provinces and cities (Hubei/Hebei, Hunan/Yunnan, Guangzhou/
// Hangzhou), compass points, and the qualifiers that make a university a
// different institution (Normal, Medical, Technology/Technological). They
// are stored as Normalize writes them.
var distinctWords = map[string]bool{}

// qualifiers name what an institution teaches or is; a qualifier that only
// one of two names has makes them different institutions (Nanjing Medical
// University, Nanjing University).
var qualifiers = map[string]bool{}

func init() {
	// word forms are looked up and written as Normalize writes tokens
	squashed := make(map[string][]string, len(wordForms))
	for k, v := range wordForms {
		forms := make([]string, len(v))
		for i, f := range v {
			forms[i] = squashRepeats(f)
		}
		squashed[squashRepeats(k)] = forms
	}
	wordForms = squashed
	for _, w := range strings.Fields(`
		anhui beijing chongqing fujian gansu guangdong guangxi guizhou hainan hebei heilongjiang henan
		hubei hunan jiangsu jiangxi jilin liaoning ningxia qinghai shaanxi shandong shanghai shanxi sichuan
		tianjin tibet xinjiang yunnan zhejiang mongolia hongkong macau taiwan peking canton
		changchun changsha changzhou chengdu dalian dongguan foshan fuzhou guangzhou guilin guiyang haikou
		hangzhou harbin hefei hohhot huizhou jinan jinhua jiaxing kunming lanzhou luoyang nanchang nanjing
		nanning nantong ningbo qingdao qinhuangdao quanzhou sanya shantou shaoxing shenyang shenzhen
		shijiazhuang suzhou soochow taiyuan tangshan urumqi wenzhou wuhan wuxi xiamen xian xining xuzhou
		yangzhou yantai yinchuan zhengzhou zhuhai baoding handan xiangtan hengyang zhanjiang zhenjiang
		yanbian yangtze huaihua jiujiang mianyang zigong baotou anshan fushun jilin qiqihar daqing
		jiamusi mudanjiang yichang xiangyang jingzhou shiyan zhuzhou yueyang changde yanan yanshan
		qinghua tsinghua beihang nanhang zhongshan hehai hohai jiaotong donghua huazhong huanan
		north south east west central northeast northwest southeast southwest`) {
		distinctWords[squashRepeats(w)] = true
	}
	for _, w := range strings.Fields(`
		normal medical medicine agricultural textile open union united aerospace aeronautics astronautics
		information chemical technology technological science polytechnic polytechnical engineering
		posts telecommunications finance economics business commerce forestry petroleum mining
		maritime ocean foreign study languages language nationalities minzu traditional pharmaceutical
		electronic electric power industrial transportation communications architecture civil art arts
		music sport sports teachers education television radio geosciences geoscience politics law
		forestry construction hydraulic surveying mapping meteorology geology water resources shipping
		fisheries chinese nursing health dental veterinary animal husbandry theological buddhist drama
		film media journalism physical culture design fashion railway highway automobile management
		accounting administration pharmacy biology environment energy nuclear vocational normal
		gongye keji shifan yike nongye caijing dianzi youdian hangkong hangtian jianzhu gongshang
		wenli jiaotong dianji zhengfa shiyou haiyang linye kuangye yiyao zhongyi huagong fangzhi
		jiaoyu tiyu yishu waiyu waiguoyu
		north south east west central northeast northwest southeast southwest
		physics mathematics military police security lighting light industry fine
		aviation naval navy army rocket armed logistics`) {
		qualifiers[squashRepeats(w)] = true
		distinctWords[squashRepeats(w)] = true
	}
	for w := range compass {
		distinctWords[w+"china"] = true // North China is not South China
	}
}

// subUnits are words that, after the kind of an institution, start the
// name of a part of it: "Wuhan University School of Medicine".
var subUnits = map[string]bool{squashRepeats("school"): true, "faculty": true, "department": true, "campus": true}

// minorFrom returns the index from which tokens name a part of the
// institution the tokens before name, or len(tokens).
func minorFrom(tokens []string) int {
	for i := 1; i+1 < len(tokens); i++ {
		if subUnits[tokens[i]] && institutionKinds[tokens[i-1]] {
			return i
		}
	}
	return len(tokens)
}

// qualifierMissing returns a qualifier one name has and the other does not,
// or "". The other may write it as two words ("Jiao Tong" for Jiaotong).
func qualifierMissing(a, b []string) string {
	for _, pair := range [2][2][]string{{a, b}, {b, a}} {
		for _, x := range pair[0] {
			if qualifiers[x] && !hasWord(pair[1], x) {
				return x
			}
		}
	}
	return ""
}

// hasWord reports whether tokens hold x, allowing a typo, or hold it
// split in two adjacent words.
func hasWord(tokens []string, x string) bool {
	for i, y := range tokens {
		if tokenSimilarity(x, y) > 0 {
			return true
		}
		if i+1 < len(tokens) && len(y)+len(tokens[i+1]) == len(x) && strings.HasPrefix(x, y) && strings.HasSuffix(x, tokens[i+1]) {
			return true
		}
	}
	return false
}
