package models_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onetoone/onetoone/models"
	"github.com/onetoone/onetoone/models/storetest"
)

// testKey returns a fixed 32-byte key made of b, so failures are
// reproducible.
func testKey(b byte) []byte { return bytes.Repeat([]byte{b}, models.KeyLen) }

func mustSealer(tb testing.TB, keys ...[]byte) *models.AESGCMSealer {
	tb.Helper()
	s, err := models.NewAESGCMSealer(keys...)
	if err != nil {
		tb.Fatalf("NewAESGCMSealer: %v", err)
	}
	return s
}

// eachDatabase runs fn on a fresh SQLite file and on a fresh Postgres
// schema, handing it the database URL rather than a store: the tests below
// open several stores with different sealers on the same data, which
// storetest.Each (one store, no sealer) cannot express.
func eachDatabase(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, "sqlite:"+filepath.Join(t.TempDir(), "test.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, storetest.PostgresURL(t)) })
}

// mustOpenSealed opens and migrates a store on url with sealer (nil: plain),
// scoped to storetest.TeamID's default group.
func mustOpenSealed(tb testing.TB, url string, now func() time.Time, sealer models.Sealer) *models.Store {
	tb.Helper()
	ctx := context.Background()
	s, err := models.Open(ctx, url, models.Options{Now: now, Sealer: sealer})
	if err != nil {
		tb.Fatalf("open %s: %v", models.Redact(url), err)
	}
	tb.Cleanup(func() { s.Close() })
	if err := s.Migrate(ctx); err != nil {
		tb.Fatalf("migrate: %v", err)
	}
	g, err := s.DefaultGroup(ctx, storetest.TeamID)
	if err != nil {
		tb.Fatal(err)
	}
	return s.In(g.ID)
}

// assertNoKeyMaterial fails if err's text holds any key in any encoding a
// log reader might recognise.
func assertNoKeyMaterial(t *testing.T, err error, keys ...[]byte) {
	t.Helper()
	msg := err.Error() + " " + models.ErrorMessage(err)
	for _, k := range keys {
		for _, enc := range []string{string(k), base64.StdEncoding.EncodeToString(k), hex.EncodeToString(k), hex.EncodeToString(k[:8])} {
			if strings.Contains(msg, enc) {
				t.Errorf("error %q contains key material", msg)
			}
		}
	}
}

func TestSealRoundTrip(t *testing.T) {
	s := mustSealer(t, testKey(1))
	plain := []byte(`{"cares":"her kids' school"}`)
	a, err := s.Seal(plain)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.Seal(plain)
	if bytes.Equal(a, b) {
		t.Error("two seals of the same text are equal: the nonce is not fresh")
	}
	if bytes.Contains(a, []byte("kids")) {
		t.Error("sealed body contains the plain text")
	}
	if want := 4 + 4 + 12 + len(plain) + 16; len(a) != want {
		t.Errorf("sealed length = %d, want %d (magic, key id, nonce, text, tag)", len(a), want)
	}
	if got := hex.EncodeToString(a[4:8]); got != s.KeyID() {
		t.Errorf("key id in body = %s, want %s", got, s.KeyID())
	}
	for _, sealed := range [][]byte{a, b} {
		got, err := s.Open(sealed)
		if err != nil || !bytes.Equal(got, plain) {
			t.Errorf("Open = %q, %v; want %q", got, err, plain)
		}
	}
	if !s.Current(a) {
		t.Error("Current(own seal) = false")
	}
}

func TestSealRotation(t *testing.T) {
	oldKey, newKey := testKey(1), testKey(2)
	old := mustSealer(t, oldKey)
	both := mustSealer(t, newKey, oldKey)
	onlyNew := mustSealer(t, newKey)
	plain := []byte(`{"felt":"good"}`)

	sealedOld, _ := old.Seal(plain)
	if got, err := both.Open(sealedOld); err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("[new, old] opens old seal = %q, %v", got, err)
	}
	if both.Current(sealedOld) {
		t.Error("Current(old seal) under [new, old] = true")
	}
	sealedNew, _ := both.Seal(plain)
	if got, err := onlyNew.Open(sealedNew); err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("[new] opens a seal by [new, old] = %q, %v", got, err)
	}

	t.Run("ErrRetiredKey", func(t *testing.T) {
		_, err := onlyNew.Open(sealedOld)
		if models.ErrorCode(err) != models.EINTERNAL {
			t.Fatalf("open with retired key = %v, want %s", err, models.EINTERNAL)
		}
		assertNoKeyMaterial(t, err, oldKey, newKey)
	})
}

func TestSealTamper(t *testing.T) {
	key := testKey(7)
	s := mustSealer(t, key)
	sealed, _ := s.Seal([]byte(`{"ask":"come to the meeting"}`))
	flip := func(i int) []byte {
		b := bytes.Clone(sealed)
		b[i] ^= 0x01
		return b
	}
	for _, tt := range []struct {
		name string
		body []byte
	}{
		{"ErrMagic", flip(0)},
		{"ErrVersion", flip(3)},
		{"ErrKeyID", flip(5)},
		{"ErrNonce", flip(10)},
		{"ErrCiphertext", flip(22)},
		{"ErrTag", flip(len(sealed) - 1)},
		{"ErrTruncated", sealed[:len(sealed)-1]},
		{"ErrHeaderOnly", sealed[:10]},
		{"ErrAppended", append(bytes.Clone(sealed), 0)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Open(tt.body)
			if models.ErrorCode(err) != models.EINTERNAL || got != nil {
				t.Fatalf("Open(tampered) = %q, %v; want nothing and %s", got, err, models.EINTERNAL)
			}
			assertNoKeyMaterial(t, err, key)
		})
	}
}

func TestSealLegacyPlain(t *testing.T) {
	s := mustSealer(t, testKey(3))
	for _, tt := range []struct {
		name string
		body string
		code string
	}{
		{"OKObject", `{"cares":"rent"}`, ""},
		{"OKIndented", " \n{\"cares\":\"rent\"}", ""},
		{"OKNull", `null`, ""},
		{"OKEmpty", ``, ""},
		{"ErrGarbage", "\x00\x01 not json", models.EINTERNAL},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Open([]byte(tt.body))
			if c := models.ErrorCode(err); c != tt.code {
				t.Fatalf("code = %q, want %q (%v)", c, tt.code, err)
			}
			if err == nil && string(got) != tt.body {
				t.Errorf("Open(%q) = %q, want it unchanged", tt.body, got)
			}
			if s.Current([]byte(tt.body)) {
				t.Errorf("Current(legacy) = true; a reseal would skip it")
			}
		})
	}
}

func TestSealerNewErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		keys [][]byte
	}{
		{"ErrNoKey", nil},
		{"ErrShortKey", [][]byte{testKey(1)[:16]}},
		{"ErrSecondShort", [][]byte{testKey(1), testKey(2)[:31]}},
		{"ErrDuplicate", [][]byte{testKey(1), testKey(1)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := models.NewAESGCMSealer(tt.keys...)
			if models.ErrorCode(err) != models.EINVALID {
				t.Fatalf("err = %v, want %s", err, models.EINVALID)
			}
			assertNoKeyMaterial(t, err, tt.keys...)
		})
	}
}

func TestSealerParseKeys(t *testing.T) {
	k1, k2 := testKey(1), testKey(2)
	b1, b2 := base64.StdEncoding.EncodeToString(k1), base64.StdEncoding.EncodeToString(k2)
	short := base64.StdEncoding.EncodeToString(k1[:16])
	urlSafe := base64.URLEncoding.EncodeToString(append(bytes.Repeat([]byte{0xfb}, 31), 0xff))
	for _, tt := range []struct {
		name    string
		in      string
		want    [][]byte
		errWant string // a fragment of the message
	}{
		{"OKUnset", "", nil, ""},
		{"OKBlank", "  ", nil, ""},
		{"OKOne", b1, [][]byte{k1}, ""},
		{"OKNewestFirst", b2 + "," + b1, [][]byte{k2, k1}, ""},
		{"OKSpaces", " " + b2 + " , " + b1 + "\n", [][]byte{k2, k1}, ""},
		{"ErrNotBase64", "not a key!", nil, "key 1 is not valid base64"},
		{"ErrURLAlphabet", urlSafe, nil, "key 1 is not valid base64"},
		{"ErrUnpadded", strings.TrimRight(b1, "="), nil, "key 1 is not valid base64"},
		{"ErrShort", b1 + "," + short, nil, "key 2 is 16 bytes"},
		{"ErrEmptyEntry", b1 + ",," + b2, nil, "empty key at position 2"},
		{"ErrTrailingComma", b1 + ",", nil, "empty key at position 2"},
		{"ErrDuplicate", b1 + "," + b1, nil, "same key twice"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := models.ParseKeys(tt.in)
			if tt.errWant != "" {
				if models.ErrorCode(err) != models.EINVALID || !strings.Contains(models.ErrorMessage(err), tt.errWant) {
					t.Fatalf("ParseKeys = %v, want EINVALID with %q", err, tt.errWant)
				}
				if strings.Contains(err.Error(), b1) || strings.Contains(err.Error(), b2) || strings.Contains(err.Error(), short) {
					t.Errorf("error %q echoes a key", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d keys, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if !bytes.Equal(got[i], tt.want[i]) {
					t.Errorf("key %d differs", i+1)
				}
			}
		})
	}
}

// saveReflection logs a one-to-one held yesterday with a reflection by UA.
func saveReflection(t *testing.T, s *models.Store, answers map[string]string) *models.OneToOne {
	t.Helper()
	now := s.Now()
	o, err := models.NewLogged("UA", "UB", nil, now.Add(-24*time.Hour), now)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.LogOneToOne(context.Background(), o, "", &models.Reflection{AuthorID: "UA", Answers: answers}); err != nil {
		t.Fatal(err)
	}
	return o
}

func rawBody(t *testing.T, s *models.Store, oneToOneID models.OneToOneID) []byte {
	t.Helper()
	var body []byte
	if err := s.DB().Raw("SELECT body FROM reflections WHERE one_to_one_id = ?", oneToOneID).Row().Scan(&body); err != nil {
		t.Fatalf("read raw body: %v", err)
	}
	return body
}

// TestSealedStoreHidesText is the database dump test: with a sealer, the
// words people wrote are not in the database, yet the author reads them.
func TestSealedStoreHidesText(t *testing.T) {
	clock := storetest.NewClock(t0)
	eachDatabase(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := mustOpenSealed(t, url, clock.Now, mustSealer(t, testKey(9)))
		secret := "she is organizing her building against the eviction"
		o := saveReflection(t, s, map[string]string{"cares": secret})

		body := rawBody(t, s, o.ID)
		if bytes.Contains(body, []byte("eviction")) || bytes.Contains(body, []byte("cares")) {
			t.Errorf("raw body holds the reflection in clear: %q", body)
		}
		if !bytes.HasPrefix(body, []byte("o2o\x01")) {
			t.Errorf("raw body does not start with the sealed magic: %q", body[:min(8, len(body))])
		}
		// Control: the same check does see the text when nothing seals it,
		// so the assertion above can fail.
		plain := mustOpenSealed(t, url, clock.Now, nil)
		p := saveReflection(t, plain, map[string]string{"cares": secret})
		if !bytes.Contains(rawBody(t, plain, p.ID), []byte("eviction")) {
			t.Fatal("control: plain body does not hold the text; the dump check proves nothing")
		}

		got, err := s.Reflection(ctx, o.ID, "UA", &models.Member{ID: "UA"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Answers["cares"] != secret {
			t.Errorf("author reads %q, want %q", got.Answers["cares"], secret)
		}
		if _, err := s.Reflection(ctx, o.ID, "UA", &models.Member{ID: "UB"}); models.ErrorCode(err) != models.EUNAUTHORIZED {
			t.Errorf("invitee read = %v, want %s", err, models.EUNAUTHORIZED)
		}
	})
}
