namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// The node's built-in control plane, applied into <c>nsm-system</c> when the supervisor starts, with upstream's
/// names and labels: the registry (Deployment + Service <c>registry:5002</c>; selection also answers the guide's
/// <c>app=nsm-registry</c>), nsmgr and the kernel forwarder (DaemonSets on the node's network; the forwarder reads the
/// guide's <c>nsm-forwarder-config</c> ConfigMap, mounted when there is one, at <c>/etc/nsm/forwarder.yaml</c>). Control-plane
/// workloads applied into nsm-system later replace the built-in one of the same role.
/// </summary>
internal static class ControlPlane
{
    public const string Namespace = "nsm-system";

    public const string Yaml = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: nsm-system
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: registry
          namespace: nsm-system
          labels:
            app: registry
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: registry
          template:
            metadata:
              labels:
                app: registry
              annotations:
                nsmctl.io/label-aliases: app=nsm-registry
            spec:
              containers:
              - name: registry
                image: ghcr.io/networkservicemesh/cmd-registry-memory:v1.11.0
                env:
                - name: NSM_LISTEN_ON
                  value: tcp://:5002
                - name: NSM_LOG_LEVEL
                  value: INFO
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: registry
          namespace: nsm-system
        spec:
          selector:
            app: registry
          ports:
          - name: registry
            protocol: TCP
            port: 5002
            targetPort: 5002
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: nsmgr
          namespace: nsm-system
          labels:
            app: nsmgr
        spec:
          selector:
            matchLabels:
              app: nsmgr
          template:
            metadata:
              labels:
                app: nsmgr
            spec:
              hostNetwork: true
              containers:
              - name: nsmgr
                image: ghcr.io/networkservicemesh/cmd-nsmgr:v1.11.0
                env:
                - name: NSM_NAME
                  valueFrom:
                    fieldRef:
                      fieldPath: spec.nodeName
                - name: NSM_REGISTRY_URL
                  value: registry:5002
                - name: NSM_LISTEN_ON
                  value: unix:///var/lib/networkservicemesh/nsm.io.sock
                - name: NSM_LOG_LEVEL
                  value: INFO
        ---
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: forwarder-kernel
          namespace: nsm-system
          labels:
            app: forwarder-kernel
        spec:
          selector:
            matchLabels:
              app: forwarder-kernel
          template:
            metadata:
              labels:
                app: forwarder-kernel
            spec:
              hostNetwork: true
              containers:
              - name: forwarder-kernel
                image: ghcr.io/networkservicemesh/cmd-forwarder-kernel:v1.11.0
                env:
                - name: POD_NAME
                  valueFrom:
                    fieldRef:
                      fieldPath: metadata.name
                - name: NSM_NAME
                  value: $(POD_NAME)
                - name: NSM_CONNECT_TO
                  value: unix:///var/lib/networkservicemesh/nsm.io.sock
                - name: NSM_FORWARDER_CONFIG_PATH
                  value: /etc/nsm/forwarder.yaml
                - name: NSM_LOG_LEVEL
                  value: INFO
                volumeMounts:
                - name: forwarder-config
                  mountPath: /etc/nsm
              volumes:
              - name: forwarder-config
                configMap:
                  name: nsm-forwarder-config
                  optional: true
        """;
}
