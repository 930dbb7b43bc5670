package org.yamtorrent.camel.springboot;

import java.util.Set;

import org.apache.camel.spi.IdempotentRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.ApplicationContext;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;
import org.yamtorrent.camel.TorrentConfiguration;

/**
 * Binds the object options of {@link TorrentComponentConfiguration} to beans: {@code #name} or {@code #bean:name},
 * as in Camel's own property syntax, looked up in the Spring application context.
 */
@AutoConfiguration
@ConfigurationPropertiesBinding
public class TorrentComponentConverter implements GenericConverter {

    private static final Set<Class<?>> BEAN_TYPES = Set.of(TorrentConfiguration.class, IdempotentRepository.class);

    private final ApplicationContext applicationContext;

    public TorrentComponentConverter(ApplicationContext applicationContext) {
        this.applicationContext = applicationContext;
    }

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        return Set.of(BEAN_TYPES.stream().map(type -> new ConvertiblePair(String.class, type))
                .toArray(ConvertiblePair[]::new));
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        String ref = source == null ? "" : source.toString();
        if (!ref.startsWith("#")) {
            throw new IllegalArgumentException("a " + targetType.getType().getSimpleName()
                                               + " option takes a bean reference, #name or #bean:name, not " + ref);
        }
        String name = ref.startsWith("#bean:") ? ref.substring("#bean:".length()) : ref.substring(1);
        return applicationContext.getBean(name, targetType.getType());
    }
}
