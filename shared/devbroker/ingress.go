package devbroker

import (
	"net/http"
	"strings"

	"github.com/cloudevents/sdk-go/v2/binding"
	cehttp "github.com/cloudevents/sdk-go/v2/protocol/http"
)

// ServeHTTP is the broker's ingress: POST /<namespace>/<broker> with one
// CloudEvent in binary or structured mode.
func (b *Broker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", "POST")
	if r.Method != http.MethodPost {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) != 2 {
		http.Error(w, "post events to /<namespace>/<broker>", http.StatusBadRequest)
		return
	}
	message := cehttp.NewMessageFromHttpRequest(r)
	defer message.Finish(nil)
	e, err := binding.ToEvent(r.Context(), message)
	if err != nil {
		b.cfg.Logger.Info("devbroker: refused a request that is not a cloudevent", "err", err)
		http.Error(w, "not a valid cloudevent: "+err.Error(), http.StatusBadRequest)
		return
	}
	if parts[0] != b.cfg.Namespace || parts[1] != b.cfg.Name {
		http.Error(w, "no broker "+parts[0]+"/"+parts[1], http.StatusNotFound)
		return
	}
	status := b.accept(*e, true)
	if status >= 300 {
		b.cfg.Logger.Info("devbroker: refused event", "id", e.ID(), "type", e.Type(), "status", status)
	}
	w.WriteHeader(status)
}
