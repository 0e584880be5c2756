{{/* The common labels of every object. */}}
{{- define "nsm.labels" -}}
app.kubernetes.io/part-of: nsm
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/*
An image reference. Call with (dict "root" $ "image" <component's image values> "name" "cmd-nsmgr"):
the component's repository, else <image.registry>/<name>; the component's tag, else image.tag, else appVersion.
*/}}
{{- define "nsm.image" -}}
{{- $repo := .image.repository | default (printf "%s/%s" (.root.Values.image.registry | trimSuffix "/") .name) -}}
{{- $tag := .image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s:%s" $repo (toString $tag) -}}
{{- end -}}

{{/* The SPIFFE Workload API socket inside the containers (the agent's directory is mounted at its own path). */}}
{{- define "nsm.spiffeSocket" -}}
unix://{{ .Values.spire.agentSocketDir | trimSuffix "/" }}/{{ .Values.spire.agentSocketName }}
{{- end -}}

{{/* The env every program gets: log level, and either the SPIFFE socket or NSM_INSECURE. */}}
{{- define "nsm.commonEnv" -}}
- name: NSM_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
{{- if .Values.insecure }}
- name: NSM_INSECURE
  value: "true"
{{- else }}
- name: SPIFFE_ENDPOINT_SOCKET
  value: {{ include "nsm.spiffeSocket" . | quote }}
{{- end }}
- name: NSM_NAME
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
{{- end -}}

{{/* The SPIRE agent socket volume (none when insecure). */}}
{{- define "nsm.spireVolume" -}}
{{- if not .Values.insecure }}
- name: spire-agent-socket
  hostPath:
    path: {{ .Values.spire.agentSocketDir }}
    type: DirectoryOrCreate
{{- end }}
{{- end -}}

{{- define "nsm.spireMount" -}}
{{- if not .Values.insecure }}
- name: spire-agent-socket
  mountPath: {{ .Values.spire.agentSocketDir }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* The nsmgr socket directory, shared with the node (hostPath). */}}
{{- define "nsm.socketVolume" -}}
- name: nsm-socket
  hostPath:
    path: {{ .Values.nsmgr.socketDir }}
    type: DirectoryOrCreate
{{- end -}}

{{- define "nsm.socketMount" -}}
- name: nsm-socket
  mountPath: /var/lib/networkservicemesh
{{- end -}}

{{/* nsm.io.sock as the programs in the pods dial it. */}}
{{- define "nsm.connectTo" -}}
unix:///var/lib/networkservicemesh/nsm.io.sock
{{- end -}}

{{/*
Pod placement: the chart-wide nodeSelector and tolerations merged with a component's.
Call with (dict "root" $ "component" <component's values>).
*/}}
{{- define "nsm.placement" -}}
{{- $selector := merge (deepCopy (.component.nodeSelector | default dict)) (.root.Values.nodeSelector | default dict) -}}
{{- $tolerations := concat (.root.Values.tolerations | default list) (.component.tolerations | default list) -}}
{{- with $selector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The registry's URL as the nsmgrs dial it: the Service in this namespace. */}}
{{- define "nsm.registryUrl" -}}
tcp://registry.{{ .Release.Namespace }}.svc:{{ .Values.registry.port }}
{{- end -}}
