/**
 * The helpers Octopus gives scripts (Calamari's bootstraps), written for each language:
 * `get_octopusvariable` / `set_octopusvariable` / `fail_step` / `write_*` in bash and sh,
 * `get_octopusvariable` / `set_octopusvariable` / `fail_step` / `print*` and `octopusvariables`
 * in Python, `$OctopusParameters` / `Set-OctopusVariable` / `Fail-Step` in PowerShell. They print
 * the same service messages Calamari's do, so scripts written for Octopus run unchanged.
 */

/** A single-quoted shell word: nothing inside is expanded. */
export function shellQuote(value: string): string {
  return `'${value.replace(/\0/g, '').replace(/'/g, `'\\''`)}'`;
}

/**
 * POSIX sh helpers (they also run under bash). `get_octopusvariable` matches names case-insensitively,
 * as Octopus's variable lookup does.
 */
export function shellBootstrap(variables: Map<string, string>, scriptFile: string, isBash: boolean): string {
  const cases = [...variables]
    .map(([name, value]) => `    ${shellQuote(name.toLowerCase())}) printf '%s' ${shellQuote(value)} ;;`)
    .join('\n');
  const assoc = isBash
    ? `if [ "\${BASH_VERSINFO[0]:-0}" -ge 4 ]; then\n  declare -A octopus_parameters=(\n${[...variables].map(([name, value]) => `    [${shellQuote(name)}]=${shellQuote(value)}`).join('\n')}\n  )\nfi\n`
    : '';
  return `# Stepwise: Octopus script helpers
__octopus_encode() { printf '%s' "$1" | base64 | tr -d '\\n'; }
get_octopusvariable() {
  __octopus_name=$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')
  case "$__octopus_name" in
${cases}
    *) printf '' ;;
  esac
}
set_octopusvariable() {
  __octopus_message="##octopus[setVariable name='$(__octopus_encode "$1")' value='$(__octopus_encode "$2")'"
  if [ "\${3:-}" = "-sensitive" ]; then __octopus_message="$__octopus_message sensitive='$(__octopus_encode True)'"; fi
  printf '%s]\\n' "$__octopus_message"
}
fail_step() {
  if [ -n "\${1:-}" ]; then printf "##octopus[resultMessage message='%s']\\n" "$(__octopus_encode "$1")"; fi
  exit 1
}
__octopus_write() { printf '##octopus[stdout-%s]\\n%s\\n##octopus[stdout-default]\\n' "$1" "$2"; }
write_verbose() { __octopus_write verbose "$1"; }
write_highlight() { __octopus_write highlight "$1"; }
write_wait() { __octopus_write wait "$1"; }
write_warning() { __octopus_write warning "$1"; }
update_progress() { printf "##octopus[progress percentage='%s' message='%s']\\n" "$(__octopus_encode "$1")" "$(__octopus_encode "\${2:-}")"; }
new_octopusartifact() { printf "##octopus[createArtifact path='%s' name='%s']\\n" "$(__octopus_encode "$1")" "$(__octopus_encode "\${2:-$1}")"; }
${assoc}. ${shellQuote(scriptFile)}
`;
}

/** Python: the variables come from a JSON file next to the script (argv[1]). */
export const PYTHON_BOOTSTRAP = `# Stepwise: Octopus script helpers
import base64, json, sys

with open(sys.argv[1], encoding="utf-8") as __f:
    octopusvariables = json.load(__f)
__lower = {k.lower(): v for k, v in octopusvariables.items()}

def __encode(value):
    return base64.b64encode(str(value).encode("utf-8")).decode("ascii")

def get_octopusvariable(name):
    return __lower.get(str(name).lower(), "")

def set_octopusvariable(name, value, sensitive=False):
    extra = " sensitive='%s'" % __encode("True") if sensitive else ""
    print("##octopus[setVariable name='%s' value='%s'%s]" % (__encode(name), __encode(value), extra), flush=True)

def fail_step(message=None):
    if message:
        print("##octopus[resultMessage message='%s']" % __encode(message), flush=True)
    sys.exit(1)

def __write(kind, message):
    print("##octopus[stdout-%s]\\n%s\\n##octopus[stdout-default]" % (kind, message), flush=True)

def printverbose(message): __write("verbose", message)
def printhighlight(message): __write("highlight", message)
def printwait(message): __write("wait", message)
def printwarning(message): __write("warning", message)
def updateprogress(percentage, message=""):
    print("##octopus[progress percentage='%s' message='%s']" % (__encode(percentage), __encode(message)), flush=True)

__script = sys.argv[2]
with open(__script, encoding="utf-8") as __f:
    __code = compile(__f.read(), __script, "exec")
__globals = {k: v for k, v in globals().items() if not k.startswith("__") or k == "__builtins__"}
__globals["__name__"] = "__main__"
__globals["__file__"] = __script
exec(__code, __globals)
`;

/** PowerShell (pwsh): `$OctopusParameters` from a JSON file (args[0]), then the script (args[1]). */
export const POWERSHELL_BOOTSTRAP = `# Stepwise: Octopus script helpers
$ErrorActionPreference = 'Stop'
$__raw = Get-Content -Raw -LiteralPath $args[0] | ConvertFrom-Json
$OctopusParameters = New-Object 'System.Collections.Generic.Dictionary[string,string]' ([System.StringComparer]::OrdinalIgnoreCase)
foreach ($p in $__raw.PSObject.Properties) { $OctopusParameters[$p.Name] = [string]$p.Value }
function __Encode([string]$value) { [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($value)) }
function Set-OctopusVariable([string]$name, [string]$value, [switch]$sensitive) {
  $extra = if ($sensitive) { " sensitive='$(__Encode 'True')'" } else { '' }
  Write-Host "##octopus[setVariable name='$(__Encode $name)' value='$(__Encode $value)'$extra]"
}
function Fail-Step([string]$message) {
  if ($message) { Write-Host "##octopus[resultMessage message='$(__Encode $message)']" }
  exit 1
}
function Write-Highlight([string]$message) { Write-Host "##octopus[stdout-highlight]"; Write-Host $message; Write-Host "##octopus[stdout-default]" }
function Write-Wait([string]$message) { Write-Host "##octopus[stdout-wait]"; Write-Host $message; Write-Host "##octopus[stdout-default]" }
. $args[1]
if ($LASTEXITCODE) { exit $LASTEXITCODE }
`;
