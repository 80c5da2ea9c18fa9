#!/usr/bin/env bash
# The step of the ReleaseTrain composite action (action.yml at the repository root; docs/github-action.md).
# Installs the ReleaseTrain.Cli dotnet tool into the runner's temp folder and runs one release-train command.
#
# Every input arrives as an environment variable (RT_*), set by action.yml's `env:`; none is ever spliced into
# script text or evaluated: each is checked against a fixed list or a pattern, or passed to the tool as one argument.
# The token is read by the tool from GITHUB_TOKEN only, never from an argument.
#
#   RT_COMMAND            verify (default) | evidence | evidence-verify | freeze | decide | signoff | signoff-status
#                         | status | release | report | log-verify
#   RT_CONFIG             path of release-train.json (default: the nearest one in the working directory or above)
#   RT_VERSION            the release version, e.g. 1.2.0 (every command but verify and log-verify)
#   RT_FORMAT             output format (default: github for verify, text otherwise; report: md)
#   RT_ARGUMENTS          more arguments, split on white space and newlines (never evaluated: no quotes, no $(...),
#                         no globs)
#   RT_TOOL_VERSION       the ReleaseTrain.Cli version to install (default: the newest on the feeds)
#   RT_FEED               an extra NuGet source (a URL or a folder) to install the tool from
#   RT_WORKING_DIRECTORY  the folder to run in (default: the current one)
#   RT_TOOL_PATH          where to install the tool (default: $RUNNER_TEMP/release-train-tool/<version>)
#
# Writes: the tool's output to the log (annotations with --format github), a section in $GITHUB_STEP_SUMMARY (the
# Markdown report where the command produces one), and the outputs exit-code and verdict (pass | fail | error) to
# $GITHUB_OUTPUT. Exits with the tool's exit code: 0 pass, 1 a verdict against the release, 2 invalid input.
set -euo pipefail
set -f # no glob expansion of any word below

# Workflow-command data escaping (% CR LF), so an input cannot start a command of its own.
escape() {
  local s=${1//'%'/'%25'}
  s=${s//$'\r'/'%0D'}
  printf '%s' "${s//$'\n'/'%0A'}"
}

output() {
  if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
    printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  fi
}

summary() {
  if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
    printf '%s\n' "$@" >>"$GITHUB_STEP_SUMMARY"
  fi
}

# A refusal of the action itself: one annotation, the outputs, exit 2 (invalid input, as the tool's own).
refuse() {
  printf '::error title=release-train action::%s\n' "$(escape "$1")"
  output exit-code 2
  output verdict error
  summary "### release-train: ERROR" "" "$(escape "$1")" ""
  exit 2
}

command=${RT_COMMAND:-verify}
config=${RT_CONFIG:-}
version=${RT_VERSION:-}
format=${RT_FORMAT:-}
tool_version=${RT_TOOL_VERSION:-}
feed=${RT_FEED:-}
working_directory=${RT_WORKING_DIRECTORY:-}

semver='^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$'
case "$command" in
  verify | log-verify) needs_version=false ;;
  evidence | evidence-verify | freeze | decide | signoff | signoff-status | status | release | report)
    needs_version=true
    ;;
  *)
    refuse "command '$command' is not one of verify, evidence, evidence-verify, freeze, decide, signoff, \
signoff-status, status, release, report, log-verify."
    ;;
esac
if [[ "$needs_version" == true && -z "$version" ]]; then
  refuse "command '$command' needs the input version (the release version, e.g. 1.2.0)."
fi
if [[ -n "$version" && ! "$version" =~ $semver ]]; then
  refuse "version '$version' is not a version such as 1.2.0 or 1.2.0-rc.1 (no leading v)."
fi
if [[ -n "$tool_version" && ! "$tool_version" =~ $semver ]]; then
  refuse "tool-version '$tool_version' is not a NuGet version such as 1.2.0."
fi
if [[ -n "$format" && ! "$format" =~ ^(text|json|sarif|github|markdown|md|html)$ ]]; then
  refuse "format '$format' is not one of text, json, sarif, github, markdown, md, html."
fi
# A path or source that starts with '-' would be read as an option: refuse it rather than guess.
for named in "config=$config" "feed=$feed" "working-directory=$working_directory"; do
  if [[ "${named#*=}" == -* ]]; then
    refuse "${named%%=*} '${named#*=}' starts with '-': give a path (./${named#*=})."
  fi
done
if [[ -n "$working_directory" ]]; then
  cd -- "$working_directory" || refuse "working-directory '$working_directory' does not exist."
fi
if [[ -n "$config" && ! -f "$config" ]]; then
  refuse "config '$config' is not a file (relative to $(pwd))."
fi

# The tool: installed once per version into the runner's temp folder; later steps of the job reuse it.
tool_dir=${RT_TOOL_PATH:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/release-train-tool/${tool_version:-latest}}
tool="$tool_dir/release-train"
if [[ ! -x "$tool" ]]; then
  install=(tool install ReleaseTrain.Cli --tool-path "$tool_dir")
  if [[ -n "$tool_version" ]]; then
    install+=(--version "$tool_version")
  fi
  if [[ -n "$feed" ]]; then
    install+=(--add-source "$feed")
  fi
  echo "::group::dotnet ${install[*]}"
  if ! dotnet "${install[@]}"; then
    echo "::endgroup::"
    refuse "dotnet tool install ReleaseTrain.Cli failed${feed:+ (feed $feed)}: see the log above."
  fi
  echo "::endgroup::"
fi

# The command line, one argument per array element.
args=()
config_args=()
if [[ -n "$config" ]]; then
  config_args=(--config "$config")
fi
case "$command" in
  verify) args=(verify "${config_args[@]}" --format "${format:-github}") ;;
  evidence) args=(evidence --version "$version" --format "${format:-text}") ;;
  evidence-verify)
    args=(evidence verify "artifacts/evidence/$version" --packages artifacts/packages --format "${format:-text}")
    ;;
  freeze)
    args=(freeze --action release --version "$version" "${config_args[@]}" --explain --format "${format:-text}")
    ;;
  decide) args=(decide --version "$version" "${config_args[@]}" --format "${format:-text}") ;;
  signoff) args=(signoff verify --version "$version" "${config_args[@]}" --format "${format:-text}") ;;
  signoff-status)
    args=(signoff status --version "$version" "${config_args[@]}" --format "${format:-markdown}")
    ;;
  status) args=(status --version "$version" "${config_args[@]}") ;;
  release) args=(release --version "$version" "${config_args[@]}") ;;
  report)
    report_dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/release-train-report
    args=(report --version "$version" "${config_args[@]}" --output-dir "$report_dir")
    ;;
  log-verify) args=(log verify "${config_args[@]}") ;;
esac
if [[ -n "${RT_ARGUMENTS:-}" ]]; then
  # Every line (a YAML block scalar gives several): read -d '' reads to the end, not the first newline only.
  IFS=$' \t\r\n' read -r -d '' -a extra <<<"$RT_ARGUMENTS" || true
  args+=("${extra[@]}")
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "release-train ${args[*]}"
set +e
"$tool" "${args[@]}" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}
set -e

case "$code" in
  0) verdict=pass ;;
  1) verdict=fail ;;
  *) verdict=error ;;
esac
if [[ "$code" -ne 0 ]]; then
  printf '::error title=release-train %s::release-train %s exited with %s (%s).\n' \
    "$command" "$command" "$code" "$([[ $code -eq 1 ]] && echo 'a verdict against the release' || echo 'invalid input')"
fi
output exit-code "$code"
output verdict "$verdict"

# The step summary: the Markdown report where the command writes one, its output otherwise.
upper=$(tr '[:lower:]' '[:upper:]' <<<"$verdict")
summary "### release-train $command${version:+ $version}: $upper" ""
if [[ "$command" == report && -f "${report_dir:-}/release-readiness.md" ]]; then
  summary "$(cat "$report_dir/release-readiness.md")" ""
  output report "$report_dir/release-readiness.md"
elif [[ "${args[*]}" == *"--format markdown"* ]]; then
  summary "$(cat "$log")" ""
elif [[ -s "$log" ]]; then
  # Annotations read as the canonical lines: path(line,col): error RTxxxx: message.
  annotation='s/^::\([a-z]*\) file=\([^,]*\),line=\([0-9]*\),col=\([0-9]*\)[^:]*::/\2(\3,\4): \1 /'
  summary '~~~~text' "$(sed -e "$annotation" -e 's/^::\([a-z]*\) \{0,1\}[^:]*::/\1: /' "$log")" '~~~~' ""
fi
exit "$code"
