%% Line server for the asn1ref Go package: it reads requests on standard
%% input and answers each with one line on standard output.
%%
%%   D <Type> <hex>        decode the bytes as <Type>
%%   E <Type> <hex>        encode the Erlang term whose text is <hex>
%%
%% Answers are "ok <term>" (decode, the term printed with ~w), "ok <hex>"
%% (encode) or "error <reason>". After loading the compiled modules the
%% server prints "ready". It halts when standard input closes.
-module(asn1ref_server).
-export([main/0]).

main() ->
    ok = io:setopts(standard_io, [binary, {encoding, unicode}]),
    {module, _} = code:ensure_loaded('RSP'),
    {module, _} = code:ensure_loaded(asn1rt_nif),
    reply(<<"ready">>),
    loop().

loop() ->
    case io:get_line(standard_io, "") of
        eof -> halt(0);
        {error, _} -> halt(1);
        Line ->
            reply(handle(string:trim(Line, trailing, "\r\n"))),
            loop()
    end.

reply(Text) ->
    io:put_chars(standard_io, [Text, $\n]).

handle(<<"D ", Rest/binary>>) ->
    with_args(Rest, fun decode/2);
handle(<<"E ", Rest/binary>>) ->
    with_args(Rest, fun encode/2);
handle(Other) ->
    error_reply({unknown_request, Other}).

with_args(Rest, Fun) ->
    case binary:split(Rest, <<" ">>) of
        [Type, Hex] ->
            try binary:decode_hex(Hex) of
                Bin -> Fun(binary_to_atom(Type, latin1), Bin)
            catch
                _:_ -> error_reply({bad_hex, Hex})
            end;
        _ ->
            error_reply({bad_request, Rest})
    end.

decode(Type, Bin) ->
    try 'RSP':decode(Type, Bin) of
        {ok, Value, <<>>} -> [<<"ok ">>, io_lib:format("~w", [Value])];
        {ok, _, Rest} -> error_reply({trailing_bytes, byte_size(Rest)});
        {error, Reason} -> error_reply(Reason)
    catch
        Class:Reason -> error_reply({Class, Reason})
    end.

encode(Type, Text) ->
    case parse_term(binary_to_list(Text)) of
        {ok, Term} ->
            try 'RSP':encode(Type, Term) of
                {ok, Bin} -> [<<"ok ">>, binary:encode_hex(iolist_to_binary(Bin))];
                {error, Reason} -> error_reply(Reason)
            catch
                Class:Reason -> error_reply({Class, Reason})
            end;
        {error, Reason} ->
            error_reply({bad_term, Reason})
    end.

parse_term(Text) ->
    case erl_scan:string(Text ++ ".") of
        {ok, Tokens, _} ->
            case erl_parse:parse_term(Tokens) of
                {ok, Term} -> {ok, Term};
                {error, {_, Mod, Desc}} -> {error, lists:flatten(Mod:format_error(Desc))}
            end;
        {error, {_, Mod, Desc}, _} ->
            {error, lists:flatten(Mod:format_error(Desc))}
    end.

%% The generated codec reports {asn1, {Reason, Stacktrace}}: keep the reason.
error_reply({asn1, {Reason, Stack}}) when is_list(Stack) ->
    error_reply(Reason);
error_reply({asn1, Reason}) ->
    error_reply(Reason);
error_reply(Reason) ->
    Text = io_lib:format("~0tp", [Reason]),
    [<<"error ">>, [case C of $\n -> $\s; $\r -> $\s; _ -> C end || C <- lists:flatten(Text)]].
