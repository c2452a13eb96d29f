package dev.dmp.mapreduce.clean;

import dev.dmp.mapreduce.common.MurmurPartitioner;

/** Sends every copy of an event to the same reducer by its event_id (Murmur on the id's bytes). */
public class EventIdPartitioner<V> extends MurmurPartitioner<V> {}
