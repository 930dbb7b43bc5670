package org.yamtorrent.camel.springboot;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;
import org.yamtorrent.camel.TorrentComponent;

/**
 * Configures every {@code torrent:} component of the CamelContext from {@code camel.component.torrent.*}, as
 * camel-spring-boot's generated starters do: a {@link ComponentCustomizer} that copies the set properties onto the
 * component when Camel creates it. {@code camel.component.torrent.enabled=false} (or
 * {@code camel.component.enabled=false}) turns it off, and {@code camel.component.torrent.customizer.enabled=false}
 * leaves the component as Camel creates it.
 */
@AutoConfiguration(after = {CamelAutoConfiguration.class, TorrentComponentConverter.class})
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ComponentConfigurationProperties.class, TorrentComponentConfiguration.class})
@ConditionalOnHierarchicalProperties({"camel.component", "camel.component.torrent"})
public class TorrentComponentAutoConfiguration {

    private final ApplicationContext applicationContext;
    private final CamelContext camelContext;
    private final TorrentComponentConfiguration configuration;

    public TorrentComponentAutoConfiguration(ApplicationContext applicationContext, CamelContext camelContext,
                                             TorrentComponentConfiguration configuration) {
        this.applicationContext = applicationContext;
        this.camelContext = camelContext;
        this.configuration = configuration;
    }

    @Lazy
    @Bean
    public ComponentCustomizer configureTorrentComponent() {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                CamelPropertiesHelper.copyProperties(camelContext, configuration, target);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return HierarchicalPropertiesEvaluator.evaluate(applicationContext,
                        "camel.component.customizer", "camel.component.torrent.customizer")
                       && target instanceof TorrentComponent;
            }
        };
    }
}
