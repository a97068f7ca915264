package models

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
)

// KeyLen is the length of an encryption key: AES-256.
const KeyLen = 32

// sealedMagic starts every sealed body: three letters and a format version.
// A legacy body stored before encryption was on is JSON, which can never
// start with these bytes, so the two are told apart without a schema change.
var sealedMagic = []byte{'o', '2', 'o', 1}

const (
	keyIDLen     = 4
	nonceLen     = 12
	sealedHeader = 4 + keyIDLen // magic and key id, authenticated as additional data
)

// AESGCMSealer makes reflection text unreadable in a database dump or a
// backup. It holds a list of keys so they can be rotated: the first seals,
// every one of them opens, and ResealReflections moves old rows onto the
// first.
//
// A sealed body is magic (4 bytes) | key id (4) | nonce (12) | AES-GCM
// ciphertext and tag. The key id is the first 4 bytes of the key's SHA-256,
// enough to pick the key without revealing it. Magic and key id are
// authenticated, so a body cannot be moved onto another key unnoticed.
type AESGCMSealer struct {
	ids   [][keyIDLen]byte // ids[i] names aeads[i]; index 0 seals
	aeads []cipher.AEAD
}

// NewAESGCMSealer builds a sealer from 32-byte keys, newest first. Errors
// say which key is wrong by its position, never by its bytes.
func NewAESGCMSealer(keys ...[]byte) (*AESGCMSealer, error) {
	if len(keys) == 0 {
		return nil, Errorf(EINVALID, "encryption needs at least one key")
	}
	s := &AESGCMSealer{}
	seen := map[[keyIDLen]byte]int{}
	for i, k := range keys {
		if len(k) != KeyLen {
			return nil, Errorf(EINVALID, "encryption key %d is %d bytes; it must be %d (AES-256)", i+1, len(k), KeyLen)
		}
		id := keyID(k)
		if j, dup := seen[id]; dup {
			return nil, Errorf(EINVALID, "encryption keys %d and %d are the same key", j+1, i+1)
		}
		seen[id] = i
		block, err := aes.NewCipher(k)
		if err != nil {
			return nil, &Error{Code: EINTERNAL, Message: "can't use an encryption key", Err: fmt.Errorf("key %d: %w", i+1, err)}
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, &Error{Code: EINTERNAL, Message: "can't use an encryption key", Err: fmt.Errorf("key %d: %w", i+1, err)}
		}
		s.ids = append(s.ids, id)
		s.aeads = append(s.aeads, aead)
	}
	return s, nil
}

func keyID(k []byte) [keyIDLen]byte {
	sum := sha256.Sum256(k)
	return [keyIDLen]byte(sum[:keyIDLen])
}

// KeyID names the sealing key in hex, so an operator can tell which key a
// deployment seals with without the key being printed.
func (s *AESGCMSealer) KeyID() string { return hex.EncodeToString(s.ids[0][:]) }

// Seal encrypts plain under the first key with a fresh random nonce.
func (s *AESGCMSealer) Seal(plain []byte) ([]byte, error) {
	out := make([]byte, sealedHeader+nonceLen, sealedHeader+nonceLen+len(plain)+s.aeads[0].Overhead())
	copy(out, sealedMagic)
	copy(out[len(sealedMagic):], s.ids[0][:])
	nonce := out[sealedHeader:]
	if _, err := rand.Read(nonce); err != nil {
		return nil, &Error{Code: EINTERNAL, Message: "can't seal the reflection", Err: fmt.Errorf("nonce: %w", err)}
	}
	return s.aeads[0].Seal(out, nonce, plain, out[:sealedHeader]), nil
}

// Open decrypts a body sealed under any of the keys. A body stored before
// encryption was turned on (plain JSON) comes back unchanged, so switching
// encryption on needs no migration; ResealReflections then seals it.
func (s *AESGCMSealer) Open(sealed []byte) ([]byte, error) {
	if len(sealed) == 0 {
		return sealed, nil
	}
	if !bytes.HasPrefix(sealed, sealedMagic) {
		if json.Valid(sealed) {
			return sealed, nil
		}
		return nil, &Error{Code: EINTERNAL, Message: "a stored reflection is neither sealed nor plain text", Err: fmt.Errorf("open: unknown format (%d bytes)", len(sealed))}
	}
	if len(sealed) < sealedHeader+nonceLen {
		return nil, &Error{Code: EINTERNAL, Message: "a stored reflection is damaged", Err: fmt.Errorf("open: sealed body too short (%d bytes)", len(sealed))}
	}
	i := s.keyIndex(sealed)
	if i < 0 {
		return nil, &Error{Code: EINTERNAL, Message: "a stored reflection was sealed with a key this deployment does not have", Err: fmt.Errorf("open: no key with id %x", sealed[len(sealedMagic):sealedHeader])}
	}
	plain, err := s.aeads[i].Open(nil, sealed[sealedHeader:sealedHeader+nonceLen], sealed[sealedHeader+nonceLen:], sealed[:sealedHeader])
	if err != nil {
		// The GCM error says only "message authentication failed".
		return nil, &Error{Code: EINTERNAL, Message: "a stored reflection failed its integrity check", Err: fmt.Errorf("open with key %x: %w", s.ids[i], err)}
	}
	return plain, nil
}

// Current reports whether sealed is already sealed with the first key, so
// ResealReflections can skip it and a second run costs only reads.
func (s *AESGCMSealer) Current(sealed []byte) bool {
	return len(sealed) >= sealedHeader && bytes.HasPrefix(sealed, sealedMagic) && s.keyIndex(sealed) == 0
}

func (s *AESGCMSealer) keyIndex(sealed []byte) int {
	id := sealed[len(sealedMagic):sealedHeader]
	for i := range s.ids {
		if bytes.Equal(s.ids[i][:], id) {
			return i
		}
	}
	return -1
}

// ParseKeys reads ONETOONE_ENCRYPTION_KEY: base64 (standard alphabet) keys
// of 32 bytes, separated by commas, newest first. An empty value means
// encryption is off and gives no keys. Errors name the key by position and
// never echo it.
func ParseKeys(s string) ([][]byte, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var keys [][]byte
	for i, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			return nil, Errorf(EINVALID, "has an empty key at position %d; separate keys with single commas", i+1)
		}
		k, err := base64.StdEncoding.DecodeString(part)
		if err != nil {
			return nil, Errorf(EINVALID, "key %d is not valid base64; make one with `head -c 32 /dev/urandom | base64`", i+1)
		}
		if len(k) != KeyLen {
			return nil, Errorf(EINVALID, "key %d is %d bytes once decoded; it must be %d: make one with `head -c 32 /dev/urandom | base64`", i+1, len(k), KeyLen)
		}
		for j, prev := range keys {
			if bytes.Equal(prev, k) {
				return nil, Errorf(EINVALID, "lists the same key twice (keys %d and %d)", j+1, i+1)
			}
		}
		keys = append(keys, k)
	}
	if _, err := NewAESGCMSealer(keys...); err != nil {
		return nil, err
	}
	return keys, nil
}
