package catalog

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Lang is a language the bot speaks, as the ISO 639-1 code that names its
// message file ("en", "es").
type Lang string

// The languages the code names. Others can be added by adding a file (see
// the package comment); they have no constant, as no code needs to name them.
const (
	English Lang = "en"
	Spanish Lang = "es"
)

// Fallback is the language of the bot's own words when a message is missing
// in another: the one every message is written in first.
const Fallback = English

//go:embed messages/*.toml
var files embed.FS

// loaded is the catalog as read from files when the package loads.
var loaded = mustLoad(files)

type catalog struct {
	bundle     *i18n.Bundle
	localizers map[Lang]*i18n.Localizer
	langs      []Lang
	ids        map[Lang][]string // message ids of each file, in no order
}

func mustLoad(fsys fs.FS) *catalog {
	c, err := load(fsys)
	if err != nil {
		// The files are part of the binary: a broken one is a bug the
		// tests catch, not something a running bot can recover from.
		panic(err)
	}
	return c
}

// load reads every messages/*.toml of fsys.
func load(fsys fs.FS) (*catalog, error) {
	c := &catalog{
		bundle:     i18n.NewBundle(language.Make(string(Fallback))),
		localizers: map[Lang]*i18n.Localizer{},
		ids:        map[Lang][]string{},
	}
	c.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	names, err := fs.ReadDir(fsys, "messages")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		name := path.Join("messages", n.Name())
		buf, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		f, err := c.bundle.ParseMessageFileBytes(buf, name)
		if err != nil {
			return nil, fmt.Errorf("catalog: %s: %w", name, err)
		}
		l := Lang(strings.TrimSuffix(n.Name(), ".toml"))
		if f.Tag.String() != string(l) {
			return nil, fmt.Errorf("catalog: %s: name the file for an ISO 639-1 code, like es.toml", name)
		}
		c.langs = append(c.langs, l)
		c.localizers[l] = i18n.NewLocalizer(c.bundle, string(l))
		for _, m := range f.Messages {
			c.ids[l] = append(c.ids[l], m.ID)
		}
	}
	if c.localizers[Fallback] == nil {
		return nil, fmt.Errorf("catalog: messages/%s.toml is missing", Fallback)
	}
	slices.Sort(c.langs)
	return c, nil
}

// Langs are the languages there is a message file for, in code order.
func Langs() []Lang { return slices.Clone(loaded.langs) }

// Has reports whether there is a message file for l.
func Has(l Lang) bool { return loaded.localizers[l] != nil }

// T is message id in l, its placeholders ({{.Person}}) filled from data (a
// map[string]any or a struct). A message l lacks comes in English; an id no
// file has comes back as itself, so the slip shows and the tests catch it.
func T(l Lang, id string, data any) string {
	return loaded.localize(l, &i18n.LocalizeConfig{MessageID: id, TemplateData: data})
}

// N is T for a message whose words follow a number, by the plural rules of
// l: "1 request" and "3 requests" are the "one" and "other" forms of one
// message. The number is {{.Count}} in the message, unless data has a Count
// of its own; count is an int or an int64.
func N(l Lang, id string, count any, data map[string]any) string {
	if _, ok := data["Count"]; !ok {
		withCount := make(map[string]any, len(data)+1)
		for k, v := range data {
			withCount[k] = v
		}
		withCount["Count"] = count
		data = withCount
	}
	return loaded.localize(l, &i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
}

func (c *catalog) localize(l Lang, lc *i18n.LocalizeConfig) string {
	lz := c.localizers[l]
	if lz == nil {
		lz = c.localizers[Fallback]
	}
	// go-i18n returns its best text along with the error of a message
	// missing from l (the English one) or of a missing plural form (the
	// "other" one): both are better than nothing, and the tests keep
	// either from happening.
	s, err := lz.Localize(lc)
	if s == "" && err != nil {
		return lc.MessageID
	}
	return s
}
