package devbroker

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Whatever arrives at ingress, the answer is 202 or 400, never a crash or
// a 5xx, and an accepted request really was a CloudEvent.
func FuzzIngressAnswers202Or400(f *testing.F) {
	f.Add("application/cloudevents+json", `{"specversion":"1.0","id":"1","type":"t","source":"/s","data":{"a":1}}`, "", "")
	f.Add("application/json", `{"a":1}`, "1", "t")
	f.Add("application/cloudevents+json", `{"specversion":"1.0",`, "", "")
	f.Add("application/cloudevents-batch+json", `[]`, "", "")
	f.Add("text/plain", "hello", "1", "")
	b, err := New(Config{Namespace: "test", Name: "default", Resolve: ResolveByName(nil),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = b.Close(f.Context()) })
	f.Fuzz(func(t *testing.T, contentType, body, id, ceType string) {
		req := httptest.NewRequest(http.MethodPost, "/test/default", bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", contentType)
		if id != "" {
			req.Header.Set("Ce-Specversion", "1.0")
			req.Header.Set("Ce-Source", "/fuzz")
			req.Header.Set("Ce-Id", id)
			req.Header.Set("Ce-Type", ceType)
		}
		w := httptest.NewRecorder()
		b.ServeHTTP(w, req)
		if w.Code != http.StatusAccepted && w.Code != http.StatusBadRequest {
			t.Fatalf("status %d for %q %q", w.Code, contentType, body)
		}
	})
}
