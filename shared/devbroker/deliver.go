package devbroker

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/cloudevents/sdk-go/v2/binding"
	"github.com/cloudevents/sdk-go/v2/event"
	cehttp "github.com/cloudevents/sdk-go/v2/protocol/http"
	knbroker "knative.dev/eventing/pkg/broker"
	"knative.dev/eventing/pkg/kncloudevents"
	"knative.dev/eventing/pkg/kncloudevents/attributes"
)

// maxResponseBytes bounds what is read of a subscriber's answer.
const maxResponseBytes = 4 << 20

// outcome is the result of one attempt, or of the last one.
type outcome struct {
	status int // HTTP status, or kncloudevents.NoResponse
	header http.Header
	body   []byte // the response body, or a description of the failure
	reply  *event.Event
	err    error // nil means delivered
}

// response is what Knative's retry rule looks at: nil when no response came.
func (o outcome) response() *http.Response {
	if o.status == kncloudevents.NoResponse {
		return nil
	}
	return &http.Response{StatusCode: o.status, Header: o.header}
}

// transportErr is the error Knative's retry rule sees: only a failure to
// get any response, never a response's status.
func (o outcome) transportErr() error {
	if o.status == kncloudevents.NoResponse {
		return o.err
	}
	return nil
}

// deliver sends e to s's subscriber with retries, then dead-letters it or
// re-enqueues the reply. The subscriber does not see knativebrokerttl; the
// dead-letter sink gets the event as the broker held it, TTL included.
func (b *Broker) deliver(s *subscription, e *event.Event) {
	ctx := b.ctx
	ttl, _ := knbroker.GetTTL(e.Context)
	out := e.Clone()
	_ = knbroker.DeleteTTL(out.Context)
	res := withRetries(ctx, s.retry, func(ctx context.Context) outcome {
		return b.attempt(ctx, s, s.target, &out, s.structured)
	})
	switch {
	case ctx.Err() != nil:
		b.cfg.Logger.Error("devbroker: delivery cancelled by close", "trigger", s.name, "id", e.ID())
	case res.err != nil:
		b.deadLetter(ctx, s, e, s.target.String(), res)
	case res.reply != nil:
		b.forwardReply(ctx, s, e, *res.reply, ttl)
	}
}

// withRetries runs attempt until it succeeds, Knative's retry rule says
// stop, the retries are used up, or ctx ends, waiting the delivery spec's
// backoff in between (the n-th retry waits Backoff(n-1), as in Knative).
func withRetries(ctx context.Context, rc kncloudevents.RetryConfig, attempt func(context.Context) outcome) outcome {
	for n := 0; ; n++ {
		res := attempt(ctx)
		retry, _ := rc.CheckRetry(ctx, res.response(), res.transportErr())
		if res.err == nil || !retry || n >= rc.RetryMax {
			return res
		}
		timer := time.NewTimer(rc.Backoff(n, res.response()))
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return res
		}
	}
}

// attempt posts e once, within the delivery spec's per-request timeout.
func (b *Broker) attempt(ctx context.Context, s *subscription, target *url.URL, e *event.Event, structured bool, extra ...binding.Transformer) outcome {
	if s.retry.RequestTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.retry.RequestTimeout)
		defer cancel()
	}
	req, err := b.request(ctx, target, e, structured, extra)
	if err != nil {
		return failed(err)
	}
	resp, err := b.cfg.Client.Do(req)
	if err != nil {
		return failed(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return failed(err)
	}
	return b.interpret(ctx, resp, body)
}

func (b *Broker) request(ctx context.Context, target *url.URL, e *event.Event, structured bool, extra binding.Transformers) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target.String(), nil)
	if err != nil {
		return nil, err
	}
	if structured {
		ctx = binding.WithForceStructured(ctx)
	}
	if err := cehttp.WriteRequest(ctx, binding.ToMessage(e), req, extra...); err != nil {
		return nil, fmt.Errorf("write event: %w", err)
	}
	req.Header.Set("Prefer", "reply")
	req.Header.Set("Kn-Namespace", b.cfg.Namespace)
	return req, nil
}

// failed is a transport failure; Knative reports it as a 500 whose body
// says what went wrong.
func failed(err error) outcome {
	return outcome{status: kncloudevents.NoResponse, body: []byte("dispatch error: " + err.Error()), err: err}
}

// interpret applies Knative's rules to a response: non-2xx fails; a 2xx
// body must be empty or a CloudEvent, anything else fails as the broker
// filter's 502.
func (b *Broker) interpret(ctx context.Context, resp *http.Response, body []byte) outcome {
	res := outcome{status: resp.StatusCode, header: resp.Header, body: body}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		res.err = fmt.Errorf("unexpected HTTP response, expected 2xx, got %d", resp.StatusCode)
		return res
	}
	message := cehttp.NewMessage(resp.Header, io.NopCloser(bytes.NewReader(body)))
	defer message.Finish(nil)
	if message.ReadEncoding() == binding.EncodingUnknown {
		if len(body) > 0 {
			return badGateway(errors.New("a non-empty response that is not a cloudevent"))
		}
		return res
	}
	reply, err := binding.ToEvent(ctx, message)
	if err != nil {
		return badGateway(fmt.Errorf("malformed reply event: %w", err))
	}
	res.reply = reply
	return res
}

func badGateway(err error) outcome {
	return outcome{status: http.StatusBadGateway, err: err}
}

// forwardReply puts a reply back into the broker with the TTL its cause was
// delivered with; ingress then decrements it. A reply that cannot get in
// dead-letters the original event, as Knative's channel does.
func (b *Broker) forwardReply(ctx context.Context, s *subscription, cause *event.Event, reply event.Event, ttl int32) {
	_ = knbroker.SetTTL(reply.Context, ttl)
	res := withRetries(ctx, s.retry, func(context.Context) outcome {
		status := b.accept(reply.Clone(), false)
		if status == http.StatusAccepted {
			return outcome{status: status}
		}
		return outcome{status: status, err: fmt.Errorf("broker refused the reply with %d", status)}
	})
	if res.err != nil {
		b.cfg.Logger.Warn("devbroker: reply not enqueued", "trigger", s.name, "id", reply.ID(), "type", reply.Type(), "err", res.err)
		b.deadLetter(ctx, s, cause, b.cfg.Address, res)
	}
}

// deadLetter sends e, with Knative's error extensions, to s's dead-letter
// sink, retrying as for the subscriber. Without a sink the event is lost,
// as in Knative, and logged.
func (b *Broker) deadLetter(ctx context.Context, s *subscription, e *event.Event, dest string, res outcome) {
	log := b.cfg.Logger.With("trigger", s.name, "id", e.ID(), "type", e.Type(), "status", res.status, "err", res.err)
	if s.deadLetter == nil {
		log.Error("devbroker: delivery failed and there is no dead-letter sink; event dropped")
		return
	}
	destURL, err := url.Parse(dest)
	if err != nil {
		destURL = &url.URL{}
	}
	extensions := attributes.KnativeErrorTransformers(*destURL, errorCode(res), errorData(res.body))
	dl := withRetries(ctx, s.retry, func(ctx context.Context) outcome {
		return b.attempt(ctx, s, s.deadLetter, e, false, extensions...)
	})
	if dl.err != nil {
		log.Error("devbroker: dead-letter sink refused the event; event dropped", "sinkErr", dl.err)
		return
	}
	log.Warn("devbroker: delivery failed; event dead-lettered")
}

// errorCode is the knativeerrorcode: the subscriber's status, or 500 when
// no response came, as Knative's dispatcher reports it.
func errorCode(res outcome) int {
	if res.status == kncloudevents.NoResponse {
		return http.StatusInternalServerError
	}
	return res.status
}

// errorData is the knativeerrordata: the base64 of the response body, cut
// to Knative's limit.
func errorData(body []byte) string {
	data := base64.StdEncoding.EncodeToString(body)
	if len(data) > attributes.KnativeErrorDataExtensionMaxLength {
		data = data[:attributes.KnativeErrorDataExtensionMaxLength]
	}
	return data
}
