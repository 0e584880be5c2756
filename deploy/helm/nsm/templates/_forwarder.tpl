{{/*
A forwarder DaemonSet. Call with (dict "root" $ "kind" "kernel"|"vpp" "values" <forwarder.kernel|forwarder.vpp>).
Both dial nsmgr over the node's nsm.io.sock, listen on a socket in the same node directory (so nsmgr can dial them
back), read the MTU from the nsm-forwarder-config ConfigMap and need the node's network namespaces (hostPID, hostNetwork,
privileged), as upstream's forwarders do.
*/}}
{{- define "nsm.forwarder" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- $name := printf "forwarder-%s" .kind -}}
{{- $resources := deepCopy ($v.resources | default dict) -}}
{{- if and (eq .kind "vpp") $v.hugepages.enabled -}}
{{- $size := $v.hugepages.size -}}
{{- $amount := printf "%d%s" (mul (int $v.hugepages.count) (int (regexFind "^[0-9]+" $size))) (regexFind "[A-Za-z]+$" $size) -}}
{{- $key := printf "hugepages-%s" $size -}}
{{- $_ := set $resources "limits" (merge (dict $key $amount) ($resources.limits | default dict)) -}}
{{- $_ := set $resources "requests" (merge (dict $key $amount) ($resources.requests | default dict)) -}}
{{- end -}}
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: {{ $name }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    app: {{ $name }}
    {{- include "nsm.labels" $root | nindent 4 }}
spec:
  selector:
    matchLabels:
      app: {{ $name }}
      app.kubernetes.io/instance: {{ $root.Release.Name }}
  template:
    metadata:
      labels:
        app: {{ $name }}
        app.kubernetes.io/instance: {{ $root.Release.Name }}
        spiffe.io/spiffe-id: "true"
      annotations:
        # A changed MTU restarts the forwarders.
        checksum/forwarder-config: {{ include (print $root.Template.BasePath "/forwarder-config.yaml") $root | sha256sum }}
    spec:
      serviceAccountName: {{ $name }}-sa
      hostPID: true
      hostNetwork: true
      dnsPolicy: ClusterFirstWithHostNet
      {{- with include "nsm.placement" (dict "root" $root "component" $root.Values.forwarder) | trim }}{{ . | nindent 6 }}{{ end }}
      containers:
        - name: {{ $name }}
          image: {{ include "nsm.image" (dict "root" $root "image" $v.image "name" (printf "cmd-%s" $name)) | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          securityContext:
            privileged: true
          env:
            {{- include "nsm.commonEnv" $root | nindent 12 }}
            - name: NSM_CONNECT_TO
              value: {{ include "nsm.connectTo" $root | quote }}
            - name: NSM_LISTEN_ON
              value: "unix:///var/lib/networkservicemesh/{{ $name }}.sock"
            - name: NSM_TUNNEL_IP
              valueFrom:
                fieldRef:
                  fieldPath: status.podIP
            - name: NSM_FORWARDER_CONFIG_PATH
              value: /etc/nsm/forwarder.yaml
          {{- with $resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          volumeMounts:
            {{- include "nsm.socketMount" $root | nindent 12 }}
            {{- with include "nsm.spireMount" $root | trim }}{{ . | nindent 12 }}{{ end }}
            - name: forwarder-config
              mountPath: /etc/nsm
              readOnly: true
            {{- if eq .kind "vpp" }}
            - name: kubelet
              mountPath: /var/lib/kubelet
            - name: cgroup
              mountPath: /host/sys/fs/cgroup
            - name: vpp
              mountPath: /var/run/vpp/external
            {{- if $v.hugepages.enabled }}
            - name: hugepages
              mountPath: /dev/hugepages
            {{- end }}
            {{- end }}
      volumes:
        {{- include "nsm.socketVolume" $root | nindent 8 }}
        {{- with include "nsm.spireVolume" $root | trim }}{{ . | nindent 8 }}{{ end }}
        - name: forwarder-config
          configMap:
            name: nsm-forwarder-config
        {{- if eq .kind "vpp" }}
        - name: kubelet
          hostPath:
            path: /var/lib/kubelet
            type: Directory
        - name: cgroup
          hostPath:
            path: /sys/fs/cgroup
            type: Directory
        - name: vpp
          hostPath:
            path: /var/run/vpp
            type: DirectoryOrCreate
        {{- if $v.hugepages.enabled }}
        - name: hugepages
          emptyDir:
            medium: HugePages-{{ $v.hugepages.size }}
        {{- end }}
        {{- end }}
{{- end -}}
