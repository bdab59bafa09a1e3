#!/usr/bin/env bash
# Build time of dependency weaving (docs/performance.md, section 9; issue 12): an app with 20 package references
# (about 40 assemblies with their dependencies) built through the packed AuditWeaver.Fody, with its dependencies woven
# (the default for an executable) and with Dependencies="none" (only its own assembly woven). For each, the time of a
# clean build (bin/ and obj/<configuration>/ removed, restore kept) and of a no-change rebuild, alternating the variants
# so that load from other work on the machine falls on both alike. Also prints the dependency task's own time
# (MSBuild's performance summary) and what it said it did.
# Usage: benchmarks/dependency-build.sh [runs per variant, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"; rm -rf "${HOME}/.nuget/packages/auditweaver.fody/${version:-none}"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

# A one-off version: NuGet never replaces a version already in the global packages folder.
version="0.1.0-bench.$(date +%Y%m%d%H%M%S)"
dotnet pack "$repo/AuditWeaver/AuditWeaver.csproj" -c Release -p:VersionSuffix="${version#0.1.0-}" -o "$work/feed" -nologo -v q >/dev/null

cat >"$work/NuGet.config" <<EOF
<configuration><packageSources><add key="auditweaver" value="$work/feed" /></packageSources></configuration>
EOF

packages=(
  "Serilog 4.4.0" "Serilog.Sinks.File 7.0.0" "Serilog.Sinks.Console 6.1.1" "CliWrap 3.10.5" "Flurl.Http 4.0.2"
  "Castle.Core 5.2.1" "Newtonsoft.Json 13.0.4" "Dapper 2.1.86" "Polly 8.9.1" "FluentValidation 12.2.0"
  "Humanizer.Core 3.0.10" "YamlDotNet 18.1.0" "CsvHelper 34.0.0" "Markdig 1.6.0" "NodaTime 3.3.7"
  "Microsoft.Extensions.Logging.Console 11.0.0" "Microsoft.Extensions.Configuration.Json 11.0.0"
  "Microsoft.Extensions.Http 11.0.0" "Npgsql 10.0.3" "SharpZipLib 1.4.2"
)

for variant in all none; do
  app="$work/$variant/BenchApp"
  mkdir -p "$app"
  {
    echo '<Project Sdk="Microsoft.NET.Sdk">'
    echo '  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>'
    echo '  <ItemGroup>'
    echo "    <PackageReference Include=\"AuditWeaver.Fody\" Version=\"$version\" />"
    for package in "${packages[@]}"; do
      set -- $package
      echo "    <PackageReference Include=\"$1\" Version=\"$2\" />"
    done
    echo '  </ItemGroup>'
    echo '</Project>'
  } >"$app/BenchApp.csproj"
  cat >"$app/FodyWeavers.xml" <<EOF
<Weavers><AuditWeaver Dependencies="$variant" /></Weavers>
EOF
  cat >"$app/Program.cs" <<'EOF'
using AuditWeaver;
Audit.AddHook(e => Console.WriteLine(e));
File.WriteAllText(Path.GetTempFileName(), Newtonsoft.Json.JsonConvert.SerializeObject(new { Serilog.Log.Logger }));
EOF
  cp "$work/NuGet.config" "$work/$variant/"
  dotnet restore "$app" -nologo -v q >/dev/null
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Times one build of the variant's app, in seconds; its log is kept for the task's figures.
timed_build() {
  local app="$work/$1/BenchApp" start end
  start=$(date +%s.%N)
  dotnet build "$app" -c Release --no-restore -nologo -v n -clp:PerformanceSummary >"$work/$1.log"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'
}

# The dependency task's own time (ms) and its summary line, from the last build's log.
task_ms() { sed -n 's/^ *\([0-9]*\) ms  *AuditWeaver.MSBuild.WeaveDependencies .*/\1/p' "$work/$1.log" | head -n 1; }

declare -A clean rebuild task_clean task_rebuild said_clean said_rebuild
for _ in $(seq "$runs"); do
  for variant in all none; do
    rm -rf "$work/$variant/BenchApp/bin" "$work/$variant/BenchApp/obj/Release"
    clean[$variant]+="$(timed_build "$variant") "
    task_clean[$variant]+="$(task_ms "$variant") "
    said_clean[$variant]="$(grep -o "AuditWeaver: BenchApp's dependencies: .*" "$work/$variant.log" | head -n 1 || true)"
    rebuild[$variant]+="$(timed_build "$variant") "
    task_rebuild[$variant]+="$(task_ms "$variant") "
    said_rebuild[$variant]="$(grep -o "AuditWeaver: BenchApp's dependencies: .*" "$work/$variant.log" | head -n 1 || true)"
  done
done

echo "uptime: $(uptime)"
echo "dotnet build -c Release --no-restore of an app with ${#packages[@]} package references, $runs runs each"
for variant in all none; do
  echo "Dependencies=\"$variant\""
  echo "  clean build       median $(tr ' ' '\n' <<<"${clean[$variant]}" | grep . | median) s   runs: ${clean[$variant]}"
  echo "    weaving task    ms per run: ${task_clean[$variant]:-none}   ${said_clean[$variant]:-}"
  echo "  no-change rebuild median $(tr ' ' '\n' <<<"${rebuild[$variant]}" | grep . | median) s   runs: ${rebuild[$variant]}"
  echo "    weaving task    ms per run: ${task_rebuild[$variant]:-none}   ${said_rebuild[$variant]:-}"
done
