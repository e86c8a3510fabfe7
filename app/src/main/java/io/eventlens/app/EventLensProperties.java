package io.eventlens.app;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the whole installation.
 *
 * @param dataDir where EventLens keeps its state (the embedded PostgreSQL cluster lives in {@code postgres/} below)
 */
@ConfigurationProperties("eventlens")
public record EventLensProperties(@DefaultValue("./data") Path dataDir) {}
