package console

import "context"

type senderKey struct{}

// withSender returns ctx carrying the sender a command came from.
func withSender(ctx context.Context, from string) context.Context {
	return context.WithValue(ctx, senderKey{}, from)
}

// SenderOf returns who sent the command a Backend method runs for, in E.164
// form when it is a number; "" outside a console command. A Backend keys
// its rate limits on it.
func SenderOf(ctx context.Context) string {
	s, _ := ctx.Value(senderKey{}).(string)
	return s
}
