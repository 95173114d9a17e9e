// A local S3-compatible server for the e2e tests of Pulumi's S3 state backend (a DIY backend on
// s3://bucket?endpoint=…): github.com/johannesboyne/gofakes3 over its in-memory backend (s3mem),
// nothing on disk, gone when it exits. Built by build.sh beside it, into a cache outside the repo.
//
//	s3-server -addr 127.0.0.1:0 -bucket state
//
// Prints `listening on http://HOST:PORT` on stdout once it accepts connections (with -addr …:0
// the kernel picks a free port). GET /_counts answers the requests served so far by method, and
// the bytes PUT (an `_` is not allowed in a bucket name, so no bucket's path is taken). With -stdin
// it also exits when its standard input closes: a test that dies, even by SIGKILL, leaves no server.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// counts is what GET /_counts answers.
type counts struct {
	mu       sync.Mutex
	Requests map[string]int `json:"requests"`
	PutBytes int64          `json:"putBytes"`
}

func (c *counts) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/_counts" {
			c.mu.Lock()
			defer c.mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(c)
			return
		}
		c.mu.Lock()
		c.Requests[r.Method]++
		if r.Method == http.MethodPut && r.ContentLength > 0 {
			c.PutBytes += r.ContentLength
		}
		c.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on (port 0: a free port)")
	buckets := flag.String("bucket", "", "comma-separated buckets to create at start")
	stdin := flag.Bool("stdin", false, "exit when standard input closes")
	flag.Parse()

	backend := s3mem.New()
	for _, name := range strings.Split(*buckets, ",") {
		if name = strings.TrimSpace(name); name != "" {
			if err := backend.CreateBucket(name); err != nil {
				log.Fatalf("creating bucket %s: %v", name, err)
			}
		}
	}
	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("listening on %s: %v", *addr, err)
	}
	c := &counts{Requests: map[string]int{}}
	server := &http.Server{Handler: c.wrap(gofakes3.New(backend).Server())}
	fmt.Printf("listening on http://%s\n", listener.Addr())

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-stop
		os.Exit(0)
	}()
	if *stdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			os.Exit(0)
		}()
	}
	if err := server.Serve(listener); err != nil {
		log.Fatal(err)
	}
}
