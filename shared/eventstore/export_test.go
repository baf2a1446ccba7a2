package eventstore

// CombinedBatches counts the combined append statements s has run.
func CombinedBatches(s *Store) int64 { return s.combiner.batches.Load() }
