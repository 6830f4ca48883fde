// Package cdp drives a headless Chromium through the Chrome DevTools
// Protocol, so that tests can check pages in a real browser without a
// third-party dependency. The browser is started with
// --remote-debugging-pipe: commands go to it as NUL-terminated JSON on its
// file descriptor 3 and answers and events come back on descriptor 4, so no
// port is opened and nothing else on the machine can talk to it.
//
// A Browser controls one page. Errors the page reports (console.error
// calls, uncaught exceptions, error log entries such as failed loads, and
// JavaScript dialogs, which are dismissed) are collected for ConsoleErrors.
package cdp

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// ErrNotFound is returned by Find when no Chromium is installed.
var ErrNotFound = errors.New("cdp: no chromium found (set CHROMIUM to its path)")

// ErrClosed is returned by calls made after the browser went away.
var ErrClosed = errors.New("cdp: browser closed")

// Find returns the path of the Chromium to use: $CHROMIUM if set, else the
// first of chromium, chromium-browser, google-chrome found on $PATH.
func Find() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("cdp: CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNotFound
}

// Browser is a running headless Chromium with one page attached.
type Browser struct {
	cmd        *exec.Cmd
	toChrome   *os.File // our end of the browser's fd 3
	fromChrome *os.File // our end of the browser's fd 4
	stderr     *tail
	session    string // the page's session id

	writeMu sync.Mutex

	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan reply
	waiters map[string][]chan json.RawMessage
	errs    []string
	dead    error         // why the connection ended, once it has
	done    chan struct{} // closed when the reader stops

	closeOnce sync.Once
}

type reply struct {
	result json.RawMessage
	err    error
}

// message is any message from the browser: a reply has an ID, an event a
// Method.
type message struct {
	ID        int64           `json:"id"`
	Method    string          `json:"method"`
	Params    json.RawMessage `json:"params"`
	Result    json.RawMessage `json:"result"`
	SessionID string          `json:"sessionId"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Data    string `json:"data"`
	} `json:"error"`
}

// Launch starts the Chromium at path headless, with its profile in dir
// (which should be empty and is left for the caller to remove), opens a
// blank page and enables the Page, Runtime and Log domains on it. ctx
// bounds the start only; every later call takes its own context.
func Launch(ctx context.Context, path, dir string) (*Browser, error) {
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		cmdR.Close()
		cmdW.Close()
		return nil, err
	}
	cmd := exec.Command(path,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
		"--user-data-dir="+dir, "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{cmdR, evW} // become fd 3 and fd 4
	b := &Browser{
		cmd: cmd, toChrome: cmdW, fromChrome: evR, stderr: &tail{max: 4096},
		pending: map[int64]chan reply{}, waiters: map[string][]chan json.RawMessage{},
		done: make(chan struct{}),
	}
	cmd.Stderr = b.stderr
	ownGroup(cmd)
	if err := cmd.Start(); err != nil {
		for _, f := range []*os.File{cmdR, cmdW, evR, evW} {
			f.Close()
		}
		return nil, fmt.Errorf("cdp: starting %s: %w", path, err)
	}
	// The child holds its ends now; ours must go so that EOF is seen when
	// it exits.
	cmdR.Close()
	evW.Close()
	go b.read()

	if err := b.attach(ctx); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

func (b *Browser) attach(ctx context.Context) error {
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return err
	}
	var att struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		return err
	}
	b.mu.Lock()
	b.session = att.SessionID
	b.mu.Unlock()
	for _, domain := range []string{"Page", "Runtime", "Log"} {
		if err := b.Call(ctx, domain+".enable", nil, nil); err != nil {
			return err
		}
	}
	return nil
}

// Call sends a command to the page and decodes its result into result
// (which may be nil).
func (b *Browser) Call(ctx context.Context, method string, params, result any) error {
	b.mu.Lock()
	session := b.session
	b.mu.Unlock()
	return b.call(ctx, session, method, params, result)
}

func (b *Browser) call(ctx context.Context, session, method string, params, result any) error {
	ch := make(chan reply, 1)
	b.mu.Lock()
	if b.dead != nil {
		b.mu.Unlock()
		return b.dead
	}
	b.nextID++
	id := b.nextID
	b.pending[id] = ch
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.pending, id)
		b.mu.Unlock()
	}()

	if err := b.send(id, session, method, params); err != nil {
		return err
	}
	select {
	case r := <-ch:
		if r.err != nil {
			return fmt.Errorf("cdp: %s: %w", method, r.err)
		}
		if result != nil {
			if err := json.Unmarshal(r.result, result); err != nil {
				return fmt.Errorf("cdp: %s: decoding result: %w", method, err)
			}
		}
		return nil
	case <-b.done:
		return b.deadErr()
	case <-ctx.Done():
		return fmt.Errorf("cdp: %s: %w", method, ctx.Err())
	}
}

func (b *Browser) send(id int64, session, method string, params any) error {
	req := struct {
		ID        int64  `json:"id"`
		Method    string `json:"method"`
		Params    any    `json:"params,omitempty"`
		SessionID string `json:"sessionId,omitempty"`
	}{id, method, params, session}
	msg, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("cdp: %s: %w", method, err)
	}
	b.writeMu.Lock()
	defer b.writeMu.Unlock()
	if _, err := b.toChrome.Write(append(msg, 0)); err != nil {
		return fmt.Errorf("cdp: %s: %w", method, err)
	}
	return nil
}

// read dispatches the browser's messages until the pipe closes.
func (b *Browser) read() {
	r := bufio.NewReaderSize(b.fromChrome, 1<<16)
	var err error
	for {
		var raw []byte
		raw, err = r.ReadBytes(0)
		if err != nil {
			break
		}
		var m message
		if json.Unmarshal(raw[:len(raw)-1], &m) != nil {
			continue
		}
		if m.ID != 0 {
			b.mu.Lock()
			ch := b.pending[m.ID]
			b.mu.Unlock()
			if ch != nil {
				rep := reply{result: m.Result}
				if m.Error != nil {
					rep.err = fmt.Errorf("%s (%d) %s", m.Error.Message, m.Error.Code, m.Error.Data)
				}
				ch <- rep
			}
			continue
		}
		b.event(m)
	}
	if errors.Is(err, io.EOF) {
		err = ErrClosed
	}
	b.mu.Lock()
	b.dead = err
	b.mu.Unlock()
	close(b.done)
}

func (b *Browser) deadErr() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if msg := strings.TrimSpace(b.stderr.String()); msg != "" && errors.Is(b.dead, ErrClosed) {
		return fmt.Errorf("%w; browser's last words:\n%s", b.dead, msg)
	}
	return b.dead
}

// event records page errors and wakes whoever waits for the event.
func (b *Browser) event(m message) {
	b.mu.Lock()
	session := b.session
	b.mu.Unlock()
	if session == "" || m.SessionID != session {
		return
	}
	var e string
	switch m.Method {
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string `json:"type"`
			Args []struct {
				Value       json.RawMessage `json:"value"`
				Description string          `json:"description"`
			} `json:"args"`
		}
		if json.Unmarshal(m.Params, &p) == nil && (p.Type == "error" || p.Type == "assert") {
			parts := []string{"console." + p.Type + ":"}
			for _, a := range p.Args {
				var str string
				switch {
				case json.Unmarshal(a.Value, &str) == nil:
					parts = append(parts, str)
				case a.Description != "":
					parts = append(parts, a.Description)
				default:
					parts = append(parts, string(a.Value))
				}
			}
			e = strings.Join(parts, " ")
		}
	case "Runtime.exceptionThrown":
		var p struct {
			Details struct {
				Text      string `json:"text"`
				URL       string `json:"url"`
				Line      int    `json:"lineNumber"`
				Exception struct {
					Description string `json:"description"`
				} `json:"exception"`
			} `json:"exceptionDetails"`
		}
		if json.Unmarshal(m.Params, &p) == nil {
			d := p.Details
			e = fmt.Sprintf("exception: %s %s (%s:%d)", d.Text, d.Exception.Description, d.URL, d.Line+1)
		}
	case "Log.entryAdded":
		var p struct {
			Entry struct {
				Level  string `json:"level"`
				Source string `json:"source"`
				Text   string `json:"text"`
				URL    string `json:"url"`
			} `json:"entry"`
		}
		if json.Unmarshal(m.Params, &p) == nil && p.Entry.Level == "error" {
			e = fmt.Sprintf("log (%s): %s %s", p.Entry.Source, p.Entry.Text, p.Entry.URL)
		}
	case "Page.javascriptDialogOpening":
		// A dialog blocks the page until answered: record it, dismiss
		// it, and do not wait for the reply (this is the reader).
		var p struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(m.Params, &p)
		e = fmt.Sprintf("dialog (%s): %s", p.Type, p.Message)
		b.mu.Lock()
		b.nextID++
		id := b.nextID
		b.mu.Unlock()
		go b.send(id, session, "Page.handleJavaScriptDialog", map[string]any{"accept": false})
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if e != "" {
		b.errs = append(b.errs, strings.TrimSpace(e))
	}
	for _, ch := range b.waiters[m.Method] {
		select {
		case ch <- m.Params:
		default:
		}
	}
}

// waitFor returns a channel that receives the parameters of the next
// method event, and a function that stops waiting.
func (b *Browser) waitFor(method string) (<-chan json.RawMessage, func()) {
	ch := make(chan json.RawMessage, 1)
	b.mu.Lock()
	b.waiters[method] = append(b.waiters[method], ch)
	b.mu.Unlock()
	return ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		ws := b.waiters[method]
		for i, w := range ws {
			if w == ch {
				b.waiters[method] = append(ws[:i:i], ws[i+1:]...)
				break
			}
		}
	}
}

// Navigate loads url in the page and waits for its load event.
func (b *Browser) Navigate(ctx context.Context, url string) error {
	loaded, stop := b.waitFor("Page.loadEventFired")
	defer stop()
	var res struct {
		ErrorText string `json:"errorText"`
	}
	if err := b.Call(ctx, "Page.navigate", map[string]any{"url": url}, &res); err != nil {
		return err
	}
	if res.ErrorText != "" {
		return fmt.Errorf("cdp: navigating to %s: %s", url, res.ErrorText)
	}
	select {
	case <-loaded:
		return nil
	case <-b.done:
		return b.deadErr()
	case <-ctx.Done():
		return fmt.Errorf("cdp: waiting for %s to load: %w", url, ctx.Err())
	}
}

// Eval evaluates a JavaScript expression in the page, awaiting it if it is
// a promise, and returns its value as JSON ("null" for undefined). An
// exception thrown by the expression is returned as an error.
func (b *Browser) Eval(ctx context.Context, expr string) (json.RawMessage, error) {
	var res struct {
		Result struct {
			Type        string          `json:"type"`
			Value       json.RawMessage `json:"value"`
			Description string          `json:"description"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	params := map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}
	if err := b.Call(ctx, "Runtime.evaluate", params, &res); err != nil {
		return nil, err
	}
	if res.Exception != nil {
		return nil, fmt.Errorf("cdp: evaluating %q: %s %s", expr, res.Exception.Text, res.Exception.Exception.Description)
	}
	if len(res.Result.Value) == 0 {
		return json.RawMessage("null"), nil
	}
	return res.Result.Value, nil
}

// SetViewport sizes the page's viewport in CSS pixels.
func (b *Browser) SetViewport(ctx context.Context, width, height int) error {
	return b.Call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false,
	}, nil)
}

// Screenshot returns a PNG of the whole page, beyond the viewport.
func (b *Browser) Screenshot(ctx context.Context) ([]byte, error) {
	var m struct {
		Content struct {
			Width  float64 `json:"width"`
			Height float64 `json:"height"`
		} `json:"cssContentSize"`
		Viewport struct {
			Width float64 `json:"clientWidth"`
		} `json:"cssLayoutViewport"`
	}
	if err := b.Call(ctx, "Page.getLayoutMetrics", nil, &m); err != nil {
		return nil, err
	}
	var shot struct {
		Data string `json:"data"`
	}
	params := map[string]any{
		"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": max(m.Content.Width, m.Viewport.Width), "height": m.Content.Height, "scale": 1},
	}
	if err := b.Call(ctx, "Page.captureScreenshot", params, &shot); err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(shot.Data)
}

// ConsoleErrors returns the errors the page has reported so far.
func (b *Browser) ConsoleErrors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errs...)
}

// Close asks the browser to quit, waits a little for it, then kills it and
// every process it started. It is safe to call more than once.
func (b *Browser) Close() error {
	b.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = b.call(ctx, "", "Browser.close", nil, nil)
		exited := make(chan struct{})
		go func() {
			_ = b.cmd.Wait()
			close(exited)
		}()
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			killGroup(b.cmd)
			<-exited
		}
		// Helpers the browser started may outlive it briefly; they are in
		// its process group and go with it.
		killGroup(b.cmd)
		b.toChrome.Close()
		select {
		case <-b.done:
		case <-time.After(5 * time.Second):
			// Something outside the group kept the pipe open.
		}
		b.fromChrome.Close()
		<-b.done
	})
	return nil
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
