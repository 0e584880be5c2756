#!/usr/bin/env bash
# Makes a release of the version in version.txt (NSM_VERSION overrides it), ready to publish:
#   artifacts/packages/*.nupkg, *.snupkg   every packable library of Nsm.Sdk.sln (dotnet pack, deterministic:
#                                          SourceLink to NsmRepositoryUrl, Directory.Build.props)
#   artifacts/images/cmd-<role>-<version>.tar.gz   each program's image (scripts/images.sh), `docker save | gzip`
#   artifacts/images/SHA256SUMS
#   artifacts/helm/nsm-<version>.tgz, index.yaml   the Helm chart (deploy/helm/nsm, version and appVersion stamped with
#                                          the version) and a chart repository index (NSM_HELM_REPO_URL: the URL the
#                                          directory will be served at; README "Installing on a real cluster")
# scripts/release.sh --chart-only makes only the chart (no dotnet, no docker).
# Publishing is the user's: `dotnet nuget push artifacts/packages/*.nupkg -s <feed>`, and for each image
# `docker load -i <archive>` then `docker push <image>` (build with NSM_IMAGE_PREFIX=<registry>/<org> so the
# names are already right, or `docker tag` them). Needs root for docker (scripts/docker.sh installs and starts it).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
version=${NSM_VERSION:-$(tr -d '[:space:]' < version.txt)}
# Only an override is passed on (the builds read version.txt themselves; an unchanged command line keeps them incremental).
override=()
[ -z "${NSM_VERSION:-}" ] || override=(-p:Version="$version")
started=$(date +%s)
chart_only=0
[ "${1:-}" != --chart-only ] || chart_only=1

# The chart: version.txt is its version and appVersion (the images' default tag), stamped into deploy/helm/nsm/Chart.yaml
# (so the source agrees with version.txt) and, for an NSM_VERSION override, only into the packaged copy.
echo "release.sh: $version: packaging the Helm chart ..." >&2
helm=$(scripts/helm.sh)/bin/helm
stamp() { sed -i -E "s/^version: .*/version: $1/; s/^appVersion: .*/appVersion: \"$1\"/" "$2"; }
[ -n "${NSM_VERSION:-}" ] || stamp "$version" deploy/helm/nsm/Chart.yaml
rm -rf artifacts/helm artifacts/helm-stage
mkdir -p artifacts/helm artifacts/helm-stage
cp -r deploy/helm/nsm artifacts/helm-stage/nsm
stamp "$version" artifacts/helm-stage/nsm/Chart.yaml
"$helm" lint --strict artifacts/helm-stage/nsm >&2
"$helm" package artifacts/helm-stage/nsm -d artifacts/helm >&2
index=(repo index artifacts/helm)
[ -z "${NSM_HELM_REPO_URL:-}" ] || index+=(--url "$NSM_HELM_REPO_URL")
"$helm" "${index[@]}"
rm -rf artifacts/helm-stage
if [ "$chart_only" = 1 ]; then
  ls -1 artifacts/helm/*
  exit 0
fi

echo "release.sh: $version: packing the libraries ..." >&2
rm -rf artifacts/packages
dotnet pack Nsm.Sdk.sln -c Release "${override[@]}" -p:ContinuousIntegrationBuild=true -o artifacts/packages -nologo -v q -clp:ErrorsOnly >&2

scripts/docker.sh
echo "release.sh: $version: building the images ..." >&2
images=$(scripts/images.sh)

rm -rf artifacts/images
mkdir -p artifacts/images
while read -r image size; do
  [ -n "$image" ] || continue
  name=${image##*/}; name=${name%%:*}
  archive=artifacts/images/$name-$version.tar.gz
  docker save "$image" | gzip -6 > "$archive"
  echo "release.sh: $image ($((size / 1024 / 1024)) MiB) -> $archive ($(( $(stat -c %s "$archive") / 1024 / 1024 )) MiB)" >&2
done <<<"$images"
(cd artifacts/images && sha256sum -- *.tar.gz > SHA256SUMS)

echo "release.sh: $version done in $(( $(date +%s) - started )) s:" >&2
ls -1 artifacts/packages/*.nupkg artifacts/images/*.tar.gz artifacts/helm/*
