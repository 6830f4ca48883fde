module github.com/neardup/neardup

go 1.26.0

require (
	github.com/bbalet/stopwords v1.0.0 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	golang.org/x/text v0.43.0 // indirect
)
