namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// The built-in control plane, applied into <c>nsm-system</c> when the supervisor starts, with upstream's
/// names and labels: the registry (Deployment + Service <c>registry:5002</c>, one pod for all nodes; selection also
/// answers the guide's <c>app=nsm-registry</c>), nsmgr and the kernel forwarder (DaemonSets: one pod on each node, in
/// its network; nsmgr serves on its node's socket and, on a node network, on <c>tcp://NODE-ADDRESS:5001</c>; the forwarder reads the
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
                - name: NODE_NAME
                  valueFrom:
                    fieldRef:
                      fieldPath: spec.nodeName
                - name: NSM_NAME
                  value: $(NODE_NAME)
                - name: NSM_REGISTRY_URL
                  value: registry:5002
                - name: NSM_LISTEN_ON
                  value: unix:///var/lib/networkservicemesh/nsm.io.sock,tcp://:5001
                - name: NSM_LOG_LEVEL
                  value: INFO
                - name: NSM_CONFIG_FILE
                  value: /etc/nsm-config/nsm.yaml
                volumeMounts:
                - name: nsm-config
                  mountPath: /etc/nsm-config
              volumes:
              - name: nsm-config
                configMap:
                  name: nsm-config
                  optional: true
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
                - name: NODE_NAME
                  valueFrom:
                    fieldRef:
                      fieldPath: spec.nodeName
                - name: NSM_TUNNEL_IP
                  valueFrom:
                    fieldRef:
                      fieldPath: status.podIP
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
