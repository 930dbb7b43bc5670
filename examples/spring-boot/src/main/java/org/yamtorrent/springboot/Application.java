package org.yamtorrent.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The drop-folder download route (routes/download.yaml, shipped on the class path) on Spring Boot: the
 * camel-yamtorrent starter configures the component from {@code camel.component.torrent.*}, the actuator shows
 * Camel's health checks at /actuator/health and the dev consoles at /actuator/camel.
 */
@SpringBootApplication
public class Application {

    public static void main(String[] args) {
        SpringApplication.run(Application.class, args);
    }
}
