# The fer images, every service started by its subcommand (docker-compose.yml runs `fer quality`,
# `fer faces`, `fer embed`, ... each in its own container):
#   docker build -t fer .                              # the services: the lean jar (85 MB, no libtorch, no broker)
#   docker build --target trainer -t fer-trainer .     # fer train: the full jar (386 MB)
#   docker run --rm fer --help
# Build stage: the same command as the ./fer launcher, with the Maven wrapper's pinned Maven.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY schemas schemas
COPY infra infra
COPY services services
RUN ./mvnw -B -DskipTests package -pl services/cli -am \
    && cp services/cli/target/fer.jar services/cli/target/fer-linux-x86_64.jar /

# Runtime base: a JRE only, as a user without privileges.
FROM eclipse-temurin:17-jre AS runtime
RUN groupadd --system fer \
    && useradd --system --gid fer --home-dir /srv/fer --create-home --shell /usr/sbin/nologin fer \
    && mkdir -p /srv/fer/models && chown -R fer:fer /srv/fer
# The working folder (fetch --data-dir; /srv/fer/models, the compose volume of fer train's releases) belongs to fer;
# Kafka Streams keeps its state under /tmp.
WORKDIR /srv/fer
USER fer
# Heap from the container's memory limit rather than a fixed -Xmx; JAVA_TOOL_OPTIONS replaces it.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# 9400: /metrics and /health of a service started with --metrics-host 0.0.0.0 --metrics-port 9400; 8080: the gateway.
EXPOSE 9400 8080
ENTRYPOINT ["java", "-jar", "/app/fer.jar"]
CMD ["--help"]

# fer train needs libtorch: the full jar.
FROM runtime AS trainer
COPY --from=build /fer.jar /app/fer.jar

# The default image: every other service, from the lean Linux x86-64 jar (LeanJarIT keeps it <= 100 MB).
# On an arm64 host build it with --platform linux/amd64, or use the trainer target (its jar has aarch64 natives).
FROM runtime AS service
COPY --from=build /fer-linux-x86_64.jar /app/fer.jar
