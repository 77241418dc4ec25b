{{/* Chart name, overridable. */}}
{{- define "chatkit-rest.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-scoped full name. */}}
{{- define "chatkit-rest.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "chatkit-rest.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "chatkit-rest.imageTag" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{- define "chatkit-rest.selectorLabels" -}}
app.kubernetes.io/name: {{ include "chatkit-rest.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "chatkit-rest.labels" -}}
helm.sh/chart: {{ include "chatkit-rest.chart" . }}
{{ include "chatkit-rest.selectorLabels" . }}
app.kubernetes.io/version: {{ include "chatkit-rest.imageTag" . | quote }}
app.kubernetes.io/component: api
app.kubernetes.io/part-of: chatkit
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "chatkit-rest.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "chatkit-rest.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "chatkit-rest.secretName" -}}
{{- default (include "chatkit-rest.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{- define "chatkit-rest.limitsConfigMapName" -}}
{{- printf "%s-limits" (include "chatkit-rest.fullname" .) }}
{{- end }}

{{- define "chatkit-rest.configMapName" -}}
{{- printf "%s-config" (include "chatkit-rest.fullname" .) }}
{{- end }}

{{/*
The variables read from Secrets: the app Secret's five keys, then any other name given in
secrets.refs (e.g. SPRING_DATASOURCE_PASSWORD from CloudNativePG's Secret), as a JSON list.
*/}}
{{- define "chatkit-rest.secretEnvNames" -}}
{{- $names := list "DATABASE_URL" "REDIS_URL" "JWT_SECRET" "OPENROUTER_API_KEY" "OPENROUTER_SECONDARY_API_KEY" "SENTRY_DSN" }}
{{- range $name := keys .Values.secrets.refs | sortAlpha }}
{{- if not (has $name $names) }}
{{- $names = append $names $name }}
{{- end }}
{{- end }}
{{- toJson $names }}
{{- end }}

{{/*
Pod security context: podSecurityContext replaces the hardened default; with openshift the
platform's SCC assigns the user, group and fsGroup from the namespace's range.
*/}}
{{- define "chatkit-rest.podSecurityContext" -}}
{{- if .Values.podSecurityContext }}
{{- toYaml .Values.podSecurityContext }}
{{- else }}
runAsNonRoot: true
{{- if not .Values.openshift }}
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
{{- end }}
seccompProfile:
  type: RuntimeDefault
{{- end }}
{{- end }}

{{- define "chatkit-rest.containerSecurityContext" -}}
{{- if .Values.securityContext }}
{{- toYaml .Values.securityContext }}
{{- else }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop:
    - ALL
{{- end }}
{{- end }}

{{/* Argo Rollouts traffic routing in use: canary and stable Services are rendered. */}}
{{- define "chatkit-rest.trafficRouted" -}}
{{- if and .Values.rollout.enabled (ne .Values.rollout.trafficRouting "none") }}true{{ end }}
{{- end }}

{{/* The Service that the Ingress or HTTPRoute sends traffic to. */}}
{{- define "chatkit-rest.routedServiceName" -}}
{{- if include "chatkit-rest.trafficRouted" . }}
{{- printf "%s-stable" (include "chatkit-rest.fullname" .) }}
{{- else }}
{{- include "chatkit-rest.fullname" . }}
{{- end }}
{{- end }}

{{/*
Pod template shared by the Deployment and the Rollout. The limits ConfigMap is deliberately
absent from the checksum: the service reloads it live, so a limit change must not restart pods.
*/}}
{{- define "chatkit-rest.podTemplate" -}}
metadata:
  labels:
    {{- include "chatkit-rest.selectorLabels" . | nindent 4 }}
    app.kubernetes.io/version: {{ include "chatkit-rest.imageTag" . | quote }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/config: {{ printf "%s\n%s" (include (print .Template.BasePath "/configmap.yaml") .) (include (print .Template.BasePath "/secret.yaml") .) | sha256sum }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "chatkit-rest.serviceAccountName" . }}
  automountServiceAccountToken: false
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  terminationGracePeriodSeconds: {{ .Values.shutdown.terminationGracePeriodSeconds }}
  securityContext:
    {{- include "chatkit-rest.podSecurityContext" . | nindent 4 }}
  containers:
    - name: chatkit-rest
      image: "{{ .Values.image.repository }}:{{ include "chatkit-rest.imageTag" . }}"
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      ports:
        - name: http
          containerPort: 8080
          protocol: TCP
        - name: management
          containerPort: 8081
          protocol: TCP
      envFrom:
        - configMapRef:
            name: {{ include "chatkit-rest.configMapName" . }}
      {{- /*
      Every key is optional: a missing one must not hold the pod in CreateContainerConfigError;
      the service names what is missing in one log line instead.
      */}}
      env:
        {{- range $name := include "chatkit-rest.secretEnvNames" . | fromJsonArray }}
        {{- $ref := get $.Values.secrets.refs $name | default (dict "name" (include "chatkit-rest.secretName" $) "key" $name) }}
        - name: {{ $name }}
          valueFrom:
            secretKeyRef:
              name: {{ $ref.name }}
              key: {{ $ref.key }}
              optional: true
        {{- end }}
      securityContext:
        {{- include "chatkit-rest.containerSecurityContext" . | nindent 8 }}
      startupProbe:
        httpGet:
          path: /actuator/health/liveness
          port: management
        periodSeconds: {{ .Values.probes.startup.periodSeconds }}
        failureThreshold: {{ .Values.probes.startup.failureThreshold }}
      livenessProbe:
        httpGet:
          path: /actuator/health/liveness
          port: management
        periodSeconds: {{ .Values.probes.liveness.periodSeconds }}
        failureThreshold: {{ .Values.probes.liveness.failureThreshold }}
      readinessProbe:
        httpGet:
          path: /actuator/health/readiness
          port: management
        periodSeconds: {{ .Values.probes.readiness.periodSeconds }}
        failureThreshold: {{ .Values.probes.readiness.failureThreshold }}
      lifecycle:
        preStop:
          exec:
            command:
              - sleep
              - {{ .Values.shutdown.preStopSleepSeconds | quote }}
      resources:
        {{- toYaml .Values.resources | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        - name: limits
          mountPath: /etc/chatkit/limits
          readOnly: true
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: 256Mi
    - name: limits
      configMap:
        name: {{ include "chatkit-rest.limitsConfigMapName" . }}
  {{- if .Values.topologySpread.enabled }}
  topologySpreadConstraints:
    - maxSkew: {{ .Values.topologySpread.maxSkew }}
      topologyKey: kubernetes.io/hostname
      whenUnsatisfiable: ScheduleAnyway
      labelSelector:
        matchLabels:
          {{- include "chatkit-rest.selectorLabels" . | nindent 10 }}
  {{- end }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

{{/*
Port of tracing.otlpEndpoint: the URL's own, else 80 or 443 by scheme.
*/}}
{{- define "chatkit-rest.otlpPort" -}}
{{- $url := urlParse .Values.tracing.otlpEndpoint -}}
{{- $hostPort := splitList ":" $url.host -}}
{{- if eq (len $hostPort) 2 -}}
{{ index $hostPort 1 }}
{{- else if eq $url.scheme "https" -}}
443
{{- else -}}
80
{{- end -}}
{{- end }}
