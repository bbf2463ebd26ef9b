// Editor presets: the DaemonSets people meet in the lessons they read (the
// Kubernetes documentation's fluentd-elasticsearch, Kubernetes Up & Running's
// nginx-fast-storage, Prometheus's node-exporter, a GPU driver installer, a
// security agent, a log collector). Plain text; the engine parses and checks them.

export const PRESETS = [
  {
    id: "fluentd-elasticsearch",
    title: "fluentd-elasticsearch (runs on control-plane nodes too)",
    text: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
  labels:
    k8s-app: fluentd-logging
spec:
  selector:
    matchLabels:
      name: fluentd-elasticsearch
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
      tolerations:
      # these tolerations are to have the daemonset runnable on control plane nodes
      # remove them if your control plane nodes should not run pods
      - key: node-role.kubernetes.io/control-plane
        operator: Exists
        effect: NoSchedule
      - key: node-role.kubernetes.io/master
        operator: Exists
        effect: NoSchedule
      containers:
      - name: fluentd-elasticsearch
        image: quay.io/fluentd_elasticsearch/fluentd:v2.5.2
        resources:
          limits:
            memory: 200Mi
          requests:
            cpu: 100m
            memory: 200Mi
        volumeMounts:
        - name: varlog
          mountPath: /var/log
      # it may be desirable to set a high priority class to ensure that a DaemonSet Pod
      # preempts running Pods
      # priorityClassName: important
      terminationGracePeriodSeconds: 30
      volumes:
      - name: varlog
        hostPath:
          path: /var/log
`,
  },
  {
    id: "node-exporter",
    title: "node-exporter (hostNetwork, hostPID)",
    text: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-exporter
  labels:
    app.kubernetes.io/name: node-exporter
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: node-exporter
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 10%
  template:
    metadata:
      labels:
        app.kubernetes.io/name: node-exporter
    spec:
      hostNetwork: true
      hostPID: true
      containers:
      - name: node-exporter
        image: quay.io/prometheus/node-exporter:v1.8.2
        args:
        - --path.procfs=/host/proc
        - --path.sysfs=/host/sys
        - --path.rootfs=/host/root
        ports:
        - name: metrics
          containerPort: 9100
          hostPort: 9100
        resources:
          requests:
            cpu: 100m
            memory: 180Mi
        volumeMounts:
        - name: proc
          mountPath: /host/proc
          readOnly: true
        - name: sys
          mountPath: /host/sys
          readOnly: true
        - name: root
          mountPath: /host/root
          readOnly: true
      tolerations:
      - operator: Exists
      volumes:
      - name: proc
        hostPath:
          path: /proc
      - name: sys
        hostPath:
          path: /sys
      - name: root
        hostPath:
          path: /
`,
  },
  {
    id: "nginx-fast-storage",
    title: "nginx-fast-storage (only on ssd: \"true\" nodes)",
    text: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: nginx-fast-storage
  labels:
    app: nginx
    ssd: "true"
spec:
  selector:
    matchLabels:
      app: nginx
      ssd: "true"
  template:
    metadata:
      labels:
        app: nginx
        ssd: "true"
    spec:
      nodeSelector:
        ssd: "true"
      containers:
      - name: nginx
        image: nginx:1.10.0
`,
  },
  {
    id: "gpu-driver-installer",
    title: "GPU driver installer (node selector)",
    text: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: nvidia-driver-installer
  namespace: kube-system
  labels:
    k8s-app: nvidia-driver-installer
spec:
  selector:
    matchLabels:
      k8s-app: nvidia-driver-installer
  updateStrategy:
    type: RollingUpdate
  template:
    metadata:
      labels:
        name: nvidia-driver-installer
        k8s-app: nvidia-driver-installer
    spec:
      nodeSelector:
        accelerator: nvidia
      hostNetwork: true
      hostPID: true
      tolerations:
      - key: nvidia.com/gpu
        operator: Exists
        effect: NoSchedule
      initContainers:
      - name: nvidia-driver-installer
        image: nvcr.io/nvidia/driver:550.90.07
        securityContext:
          privileged: true
        resources:
          requests:
            cpu: 150m
      containers:
      - name: pause
        image: registry.k8s.io/pause:3.9
`,
  },
  {
    id: "security-agent",
    title: "security agent (every node, surge rollout)",
    text: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: security-agent
  namespace: kube-system
  labels:
    app: security-agent
spec:
  selector:
    matchLabels:
      app: security-agent
  minReadySeconds: 10
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        app: security-agent
    spec:
      hostPID: true
      priorityClassName: system-node-critical
      tolerations:
      - operator: Exists
      containers:
      - name: agent
        image: falcosecurity/falco:0.39.2
        securityContext:
          privileged: true
        resources:
          requests:
            cpu: 100m
            memory: 512Mi
`,
  },
  {
    id: "log-collector",
    title: "log collector (fluent-bit, two at a time)",
    text: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-collector
  labels:
    app: log-collector
spec:
  selector:
    matchLabels:
      app: log-collector
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 2
  template:
    metadata:
      labels:
        app: log-collector
    spec:
      containers:
      - name: fluent-bit
        image: cr.fluentbit.io/fluent/fluent-bit:3.1.9
        resources:
          requests:
            cpu: 50m
            memory: 64Mi
        volumeMounts:
        - name: varlog
          mountPath: /var/log
          readOnly: true
      terminationGracePeriodSeconds: 10
      volumes:
      - name: varlog
        hostPath:
          path: /var/log
`,
  },
];

/** Starting clusters, as command lines (the terminal shows them). */
export const CLUSTERS = {
  basic: [
    "sim add-node control-plane --labels node-role.kubernetes.io/control-plane= --taints node-role.kubernetes.io/control-plane:NoSchedule",
    "sim add-node node-1",
    "sim add-node node-2 --labels ssd=true",
    "sim add-node node-3",
  ],
  mixed: [
    "sim add-node control-plane --labels node-role.kubernetes.io/control-plane= --taints node-role.kubernetes.io/control-plane:NoSchedule",
    "sim add-node node-1 --labels ssd=true",
    "sim add-node node-2 --labels ssd=true",
    "sim add-node gpu-1 --labels accelerator=nvidia --taints nvidia.com/gpu=present:NoSchedule",
    "sim add-node infra-1 --labels dedicated=infra --taints dedicated=infra:NoSchedule",
    "sim add-node node-3",
  ],
  big: Array.from({ length: 100 }, (_, i) => `sim add-node node-${i + 1}${i % 4 === 0 ? " --labels ssd=true" : ""}`),
  huge: Array.from({ length: 1000 }, (_, i) => `sim add-node node-${i + 1}${i % 4 === 0 ? " --labels ssd=true" : ""}`),
  empty: [],
};
