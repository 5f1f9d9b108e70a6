;;; eglot.el --- Emacs + eglot as an independent LSP client of the ZenML Projects server -*- lexical-binding: t -*-
;; Run: emacs --batch -l eglot.el FILE.  Attaches `node dist/server.js --stdio' to FILE the way an
;; eglot user's config does (`eglot-server-programs'), then, through eglot's own machinery:
;;   1. waits for the expected diagnostic codes in Flymake,
;;   2. hover (rendered as eglot renders it) and go-to-definition (xref) on a custom role,
;;   3. applies the quick fix "Change role to 'admin'" with eglot's code-action code,
;;   4. completes a whole member entry at the last line through `completion-at-point''s table and
;;      exit function, as choosing the candidate does,
;; then writes what it saw as JSON and exits.  test/editor/lsp-clients/run.ts judges it.
;; Environment: as neovim.lua (ZENML_LSP_COMMAND, ZENML_LSP_ROOT, ZENML_LSP_EXPECT, ZENML_LSP_OUT,
;; ZENML_LSP_TIMEOUT, ZENML_LSP_ROLE_LINE, ZENML_LSP_ROLE_COL).
(require 'eglot)
(require 'json)
(require 'subr-x)

(define-derived-mode zenml-yaml-mode prog-mode "YAML" "YAML, for this check (Emacs 28 ships no yaml-mode).")
(add-to-list 'eglot-server-programs `(zenml-yaml-mode . ,(append (json-read-from-string (getenv "ZENML_LSP_COMMAND")) nil)))
;; The check's folder is no VCS checkout: make it the project, as a `.project' marker would.
(add-hook 'project-find-functions (lambda (_dir) (cons 'transient (getenv "ZENML_LSP_ROOT"))))

(defvar zenml-timeout (/ (string-to-number (or (getenv "ZENML_LSP_TIMEOUT") "60000")) 1000.0))
(defvar zenml-result nil)

(defun zenml-put (key value) (setq zenml-result (plist-put zenml-result key value)))

(defun zenml-wait (pred)
  "Waits until PRED holds or the time runs out; returns PRED's last value."
  (let ((deadline (+ (float-time) zenml-timeout)) value)
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun zenml-position (line col)
  (save-excursion (goto-char (point-min)) (forward-line line) (forward-char col) (point)))

(defun zenml-codes ()
  (mapcar (lambda (d) (let ((lsp (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))))
                        (and lsp (plist-get lsp :code))))
          (flymake-diagnostics)))

(defun zenml-run ()
  (let* ((expected (split-string (or (getenv "ZENML_LSP_EXPECT") "") "," t))
         (role-line (string-to-number (getenv "ZENML_LSP_ROLE_LINE")))
         (role-col (string-to-number (getenv "ZENML_LSP_ROLE_COL")))
         (file (car command-line-args-left)))
    (find-file file)
    (zenml-yaml-mode)
    (eglot-ensure)
    ;; `eglot-ensure' connects from `post-command-hook'; in batch no command runs, so run the hook.
    (run-hooks 'post-command-hook)
    (let ((server (zenml-wait #'eglot-current-server)))
      (unless server (error "eglot did not connect"))
      (zenml-put :server_name (plist-get (eglot--server-info server) :name))
      (let ((arrived (zenml-wait (lambda () (flymake-start) (cl-every (lambda (c) (member c (zenml-codes))) expected)))))
        (zenml-put :arrived (if arrived t :json-false)))
      (zenml-put :diagnostics
                 (vconcat (mapcar (lambda (d)
                                    (let ((lsp (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))))
                                      (list :code (plist-get lsp :code)
                                            :severity (plist-get lsp :severity)
                                            :message (plist-get lsp :message)
                                            :range (plist-get lsp :range)
                                            :flymake_type (symbol-name (flymake-diagnostic-type d)))))
                                  (flymake-diagnostics))))
      ;; Hover, as eglot renders it for eldoc.
      (goto-char (zenml-position role-line role-col))
      (let ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
        (zenml-put :hover_raw (plist-get hover :contents))
        (zenml-put :hover (and hover (eglot--hover-info (plist-get hover :contents) (plist-get hover :range)))))
      ;; Go to definition, through xref's eglot backend.
      (let* ((identifier (xref-backend-identifier-at-point 'eglot))
             (defs (xref-backend-definitions 'eglot identifier))
             (loc (and defs (xref-item-location (car defs)))))
        (when loc
          (zenml-put :definition_line (1- (xref-file-location-line loc)))
          (zenml-put :definition_file (xref-file-location-file loc))))
      ;; The quick fix, through eglot's code-action code (the one the command runs).
      (let* ((diag (cl-find-if (lambda (d) (equal (plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d))) :code) "unknown-role"))
                               (flymake-diagnostics)))
             (actions (and diag (eglot-code-actions (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag) "quickfix")))
             (fix (cl-find-if (lambda (a) (equal (plist-get a :title) "Change role to 'admin'")) actions)))
        (zenml-put :actions (vconcat (mapcar (lambda (a) (plist-get a :title)) actions)))
        (when fix (eglot--read-execute-code-action (list fix) server "quickfix")))
      ;; Completion at the end of the last line: the candidate chosen, then capf's exit function.
      (goto-char (point-max))
      (when (bolp) (backward-char))
      (let* ((capf (eglot-completion-at-point))
             (start (nth 0 capf)) (end (nth 1 capf)) (table (nth 2 capf))
             (exit (plist-get (nthcdr 3 capf) :exit-function))
             (candidates (all-completions (buffer-substring-no-properties start end) table))
             (chosen (cl-find "user member" candidates :test #'string=)))
        (zenml-put :completion_labels (vconcat (mapcar #'substring-no-properties candidates)))
        (when chosen
          (delete-region start end)
          (goto-char start)
          (insert chosen)
          (funcall exit chosen 'finished)))
      (zenml-put :text (buffer-substring-no-properties (point-min) (point-max)))
      (ignore-errors (eglot-shutdown server)))))

(condition-case err
    (zenml-run)
  (error (zenml-put :error (error-message-string err))))
(with-temp-file (getenv "ZENML_LSP_OUT")
  (insert (json-encode zenml-result)))
(kill-emacs 0)
