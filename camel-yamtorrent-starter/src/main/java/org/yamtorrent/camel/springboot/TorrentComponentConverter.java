package org.yamtorrent.camel.springboot;

import java.beans.PropertyDescriptor;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.context.ApplicationContext;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Binds the object options of {@link TorrentComponentConfiguration} to beans: {@code #name} or {@code #bean:name},
 * as in Camel's own property syntax, looked up in the Spring application context. The object options are the
 * properties whose type Spring Boot does not convert from text itself (not java.lang, not a Duration, not an enum), so
 * an option the catalog gains is bound as the generated configuration gains it.
 */
@AutoConfiguration
@ConfigurationPropertiesBinding
public class TorrentComponentConverter implements GenericConverter {

    static final Set<Class<?>> BEAN_TYPES = beanTypes();

    private final ApplicationContext applicationContext;

    public TorrentComponentConverter(ApplicationContext applicationContext) {
        this.applicationContext = applicationContext;
    }

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        return BEAN_TYPES.stream().map(type -> new ConvertiblePair(String.class, type)).collect(Collectors.toSet());
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

    private static Set<Class<?>> beanTypes() {
        Set<Class<?>> types = new java.util.HashSet<>();
        for (PropertyDescriptor pd : BeanUtils.getPropertyDescriptors(TorrentComponentConfiguration.class)) {
            Class<?> type = pd.getPropertyType();
            if (pd.getWriteMethod() != null && !type.isPrimitive() && !type.isEnum() && type != Duration.class
                && !type.getName().startsWith("java.")) {
                types.add(type);
            }
        }
        return Set.copyOf(types);
    }
}
