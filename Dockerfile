# The fer image: one fat jar, every service started by its subcommand (docker-compose.yml runs
# `fer quality`, `fer faces`, `fer embed`, ... each in its own container).
#   docker build -t fer .
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
    && cp services/cli/target/fer.jar /fer.jar

# Run stage: a JRE only, as a user without privileges.
FROM eclipse-temurin:17-jre
RUN groupadd --system fer \
    && useradd --system --gid fer --home-dir /work --create-home --shell /usr/sbin/nologin fer \
    && mkdir -p /work/models && chown -R fer:fer /work
COPY --from=build /fer.jar /app/fer.jar
# The working folder (fetch --data-dir; /work/models, the compose volume of fer train's releases) belongs to fer;
# Kafka Streams keeps its state under /tmp.
WORKDIR /work
USER fer
# Heap from the container's memory limit rather than a fixed -Xmx; JAVA_TOOL_OPTIONS replaces it.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
# 9400: /metrics and /health of a service started with --metrics-host 0.0.0.0 --metrics-port 9400; 8080: the gateway.
EXPOSE 9400 8080
ENTRYPOINT ["java", "-jar", "/app/fer.jar"]
CMD ["--help"]
