package models

// Sealer protects reflection text at rest. The default keeps it as is; an
// AES-GCM sealer makes it unreadable in a database dump.
type Sealer interface {
	Seal(plain []byte) ([]byte, error)
	Open(sealed []byte) ([]byte, error)
}

// PlainSealer stores text unchanged.
type PlainSealer struct{}

// Seal returns plain unchanged.
func (PlainSealer) Seal(plain []byte) ([]byte, error) { return plain, nil }

// Open returns sealed unchanged.
func (PlainSealer) Open(sealed []byte) ([]byte, error) { return sealed, nil }
