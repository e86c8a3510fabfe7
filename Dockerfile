# EventLens server image. Build: docker build -t eventlens .   Run with its services: docker compose up
# (compose.yaml). Settings come from environment variables (EVENTLENS_STORAGE_POSTGRES_HOST=...), as for ./eventlens.

# 1. Build with the Maven wrapper and the JDK the launcher asks for; tests are CI's job, not the image's.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -q -B -DskipTests package -pl app -am

# 2. Run on a JRE as a user of its own: PostgreSQL (embedded, when no external host is set) refuses to run as root.
FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/eventlens eventlens \
    && mkdir -p /var/lib/eventlens && chown eventlens /var/lib/eventlens
COPY --from=build /src/app/target/eventlens.jar /opt/eventlens/eventlens.jar
USER eventlens
WORKDIR /var/lib/eventlens
# The data directory: the embedded PostgreSQL cluster, the admin token (docs/operations.md backs it up).
ENV EVENTLENS_DATA_DIR=/var/lib/eventlens
VOLUME /var/lib/eventlens
EXPOSE 8080
# Ready only while storage and Redis answer; the start-period covers a first start's initdb and migrations.
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s \
    CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
# The launcher's JVM options (./eventlens): the heap starts at 4 % of the container's memory and never shrinks back.
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-XX:InitialRAMPercentage=4", "-XX:MaxHeapFreeRatio=100", "-XX:MaxGCPauseMillis=20", "-jar", "/opt/eventlens/eventlens.jar"]
