package cdp

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// launch starts a browser for a test, or skips the test when none is
// installed and CI is unset (CI must run browser tests).
func launch(t *testing.T) (*Browser, context.Context) {
	t.Helper()
	path, err := Find()
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	b, err := Launch(ctx, path, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b, ctx
}

func TestBrowser(t *testing.T) {
	b, ctx := launch(t)
	page := filepath.Join(t.TempDir(), "page.html")
	html := `<!DOCTYPE html><title>t</title><p id="p">hello <b>world</b></p>
<script>console.log("not an error"); console.error("boom", 42); setTimeout(() => { throw new Error("bang") }, 0)</script>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := b.Navigate(ctx, "file://"+page); err != nil {
		t.Fatal(err)
	}

	v, err := b.Eval(ctx, `document.getElementById("p").textContent`)
	if err != nil {
		t.Fatal(err)
	}
	var text string
	if err := json.Unmarshal(v, &text); err != nil || text != "hello world" {
		t.Errorf("Eval gave %s (%v), want \"hello world\"", v, err)
	}
	if v, err := b.Eval(ctx, `Promise.resolve(6 * 7)`); err != nil || string(v) != "42" {
		t.Errorf("awaited promise gave %s, %v; want 42", v, err)
	}
	if v, err := b.Eval(ctx, `undefined`); err != nil || string(v) != "null" {
		t.Errorf("undefined gave %s, %v; want null", v, err)
	}
	if _, err := b.Eval(ctx, `nosuchname.x`); err == nil || !strings.Contains(err.Error(), "nosuchname") {
		t.Errorf("a throwing expression gave %v, want a ReferenceError", err)
	}

	// The timer's exception arrives after load; wait for it a little.
	var errs []string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if errs = b.ConsoleErrors(); len(errs) >= 2 {
			break
		}
	}
	all := strings.Join(errs, "\n")
	if !strings.Contains(all, "console.error: boom 42") || !strings.Contains(all, "bang") || strings.Contains(all, "not an error") {
		t.Errorf("console errors:\n%s", all)
	}

	if err := b.SetViewport(ctx, 400, 300); err != nil {
		t.Fatal(err)
	}
	png, err := b.Screenshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		t.Errorf("screenshot is not a PNG: % x", png[:min(8, len(png))])
	}
}

func TestNavigateMissingFile(t *testing.T) {
	b, ctx := launch(t)
	err := b.Navigate(ctx, "file://"+filepath.Join(t.TempDir(), "absent.html"))
	if err == nil {
		t.Fatal("navigating to a missing file succeeded")
	}
}

func TestDialogDismissed(t *testing.T) {
	b, ctx := launch(t)
	page := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(page, []byte(`<!DOCTYPE html><title>t</title><script>alert("hi")</script>`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := b.Navigate(ctx, "file://"+page); err != nil {
		t.Fatal(err)
	}
	// The page is not blocked by the dialog, and the dialog is reported.
	if v, err := b.Eval(ctx, `1 + 1`); err != nil || string(v) != "2" {
		t.Fatalf("Eval after a dialog: %s, %v", v, err)
	}
	if errs := b.ConsoleErrors(); len(errs) != 1 || !strings.Contains(errs[0], "dialog (alert): hi") {
		t.Errorf("console errors %q, want the alert", errs)
	}
}

func TestCloseTwice(t *testing.T) {
	b, ctx := launch(t)
	b.Close()
	b.Close()
	if _, err := b.Eval(ctx, "1"); err == nil {
		t.Error("Eval after Close succeeded")
	}
}
