package auth

import "container/list"

// DefaultMaxKeys is how many keys a Lockout or Limiter remembers when its
// MaxKeys is zero.
const DefaultMaxKeys = 10000

// keyed is a map of at most max entries in least-recently-used order, for
// the lockout's and limiter's per-key state. It is not safe for
// concurrent use; its owner locks.
type keyed[V any] struct {
	m     map[string]*list.Element
	order list.List // front is most recently used
}

type entry[V any] struct {
	key string
	val V
}

// get returns key's value and marks it used.
func (k *keyed[V]) get(key string) (*V, bool) {
	el, ok := k.m[key]
	if !ok {
		return nil, false
	}
	k.order.MoveToFront(el)
	return &el.Value.(*entry[V]).val, true
}

// put adds key with v, first making room when there are max entries:
// dropping every entry stale says may go, then, if still full, the least
// recently used entry keep does not protect, else the least recently
// used.
func (k *keyed[V]) put(key string, v V, max int, stale, keep func(*V) bool) *V {
	if k.m == nil {
		k.m = make(map[string]*list.Element)
	}
	if len(k.m) >= max {
		k.sweep(stale)
	}
	if len(k.m) >= max {
		victim := k.order.Back()
		for el := k.order.Back(); el != nil; el = el.Prev() {
			if !keep(&el.Value.(*entry[V]).val) {
				victim = el
				break
			}
		}
		k.remove(victim)
	}
	el := k.order.PushFront(&entry[V]{key: key, val: v})
	k.m[key] = el
	return &el.Value.(*entry[V]).val
}

func (k *keyed[V]) sweep(stale func(*V) bool) {
	for el := k.order.Back(); el != nil; {
		prev := el.Prev()
		if stale(&el.Value.(*entry[V]).val) {
			k.remove(el)
		}
		el = prev
	}
}

func (k *keyed[V]) delete(key string) {
	if el, ok := k.m[key]; ok {
		k.remove(el)
	}
}

func (k *keyed[V]) remove(el *list.Element) {
	delete(k.m, el.Value.(*entry[V]).key)
	k.order.Remove(el)
}

func (k *keyed[V]) len() int { return len(k.m) }
