// RUN: nnc-opt %s -split-input-file -verify-diagnostics
// One case per verifier diagnostic of the nn dialect.

func.func @conv_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{expects input channels (3) to equal filter channels (2) times groups (1)}}
  %y = nn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_groups(%x: tensor<1x8x8x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{expects filter count (6) to be a multiple of groups (4)}}
  %y = nn.conv2d %x, %w {groups = 4 : i64} : (tensor<1x8x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %y : tensor<1x6x6x6xf32>
}

// -----

func.func @conv_bad_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{expects groups to be positive, got 0}}
  %y = nn.conv2d %x, %w {groups = 0 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_output(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{expects output dimension 2 to be 6, got 8}}
  %y = nn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// -----

func.func @conv_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<5xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{expects bias of size 4, got 5}}
  %y = nn.conv2d %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<5xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_batch(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32> {
  // expected-error @+1 {{expects output batch and channels to be 1 and 4}}
  %y = nn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32>
  return %y : tensor<2x4x6x6xf32>
}

// -----

func.func @conv_strides(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{expects strides to be positive}}
  %y = nn.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_padding(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{expects padding to be non-negative}}
  %y = nn.conv2d %x, %w {padding = array<i64: -1, 0, 0, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_window(%x: tensor<1x3x2x2xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error @+1 {{window of size 3 does not fit input dimension 2 of size 2 with its padding}}
  %y = nn.conv2d %x, %w : (tensor<1x3x2x2xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32>
  return %y : tensor<1x4x1x1xf32>
}

// -----

func.func @conv_dilations_count(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{attribute 'dilations' failed to satisfy constraint}}
  %y = nn.conv2d %x, %w {dilations = array<i64: 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_rank(%x: tensor<3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{operand #0 must be 4D tensor of 32-bit float values}}
  %y = nn.conv2d %x, %w : (tensor<3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @pool_output(%x: tensor<1x6x24x24xf32>) -> tensor<1x6x11x12xf32> {
  // expected-error @+1 {{expects output dimension 2 to be 12, got 11}}
  %y = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x6x24x24xf32> -> tensor<1x6x11x12xf32>
  return %y : tensor<1x6x11x12xf32>
}

// -----

func.func @pool_channels(%x: tensor<1x6x24x24xf32>) -> tensor<1x5x12x12xf32> {
  // expected-error @+1 {{expects output dimension 1 to equal the input's}}
  %y = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x6x24x24xf32> -> tensor<1x5x12x12xf32>
  return %y : tensor<1x5x12x12xf32>
}

// -----

func.func @pool_kernel(%x: tensor<1x6x24x24xf32>) -> tensor<1x6x12x12xf32> {
  // expected-error @+1 {{expects kernel to be positive}}
  %y = nn.avg_pool2d %x {kernel = array<i64: 0, 2>, strides = array<i64: 2, 2>} : tensor<1x6x24x24xf32> -> tensor<1x6x12x12xf32>
  return %y : tensor<1x6x12x12xf32>
}

// -----

func.func @pool_padding(%x: tensor<1x6x24x24xf32>) -> tensor<1x6x14x14xf32> {
  // expected-error @+1 {{expects padding smaller than the kernel}}
  %y = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>} : tensor<1x6x24x24xf32> -> tensor<1x6x14x14xf32>
  return %y : tensor<1x6x14x14xf32>
}

// -----

func.func @global_pool(%x: tensor<1x6x24x24xf32>) -> tensor<1x6x2x1xf32> {
  // expected-error @+1 {{expects output shape 1x6x1x1}}
  %y = nn.global_avg_pool2d %x : tensor<1x6x24x24xf32> -> tensor<1x6x2x1xf32>
  return %y : tensor<1x6x2x1xf32>
}

// -----

func.func @dense_features(%x: tensor<1x784xf32>, %w: tensor<10x783xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{expects input features (784) to equal weight columns (783)}}
  %y = nn.dense %x, %w : (tensor<1x784xf32>, tensor<10x783xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

func.func @dense_output(%x: tensor<1x784xf32>, %w: tensor<10x784xf32>) -> tensor<1x11xf32> {
  // expected-error @+1 {{expects output shape 1x10}}
  %y = nn.dense %x, %w : (tensor<1x784xf32>, tensor<10x784xf32>) -> tensor<1x11xf32>
  return %y : tensor<1x11xf32>
}

// -----

func.func @dense_bias(%x: tensor<1x784xf32>, %w: tensor<10x784xf32>, %b: tensor<9xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{expects bias of size 10, got 9}}
  %y = nn.dense %x, %w, %b : (tensor<1x784xf32>, tensor<10x784xf32>, tensor<9xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

func.func @matmul_rank(%a: tensor<3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<3x5xf32> {
  // expected-error @+1 {{expects operands and result of one rank >= 2}}
  %y = nn.matmul %a, %b : (tensor<3x4xf32>, tensor<2x4x5xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// -----

func.func @matmul_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x5xf32>) -> tensor<2x3x5xf32> {
  // expected-error @+1 {{expects equal batch dimension 0}}
  %y = nn.matmul %a, %b : (tensor<2x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x5xf32>
  return %y : tensor<2x3x5xf32>
}

// -----

func.func @matmul_contraction(%a: tensor<3x4xf32>, %b: tensor<5x6xf32>) -> tensor<3x6xf32> {
  // expected-error @+1 {{expects contraction sizes to match, got 4 and 5}}
  %y = nn.matmul %a, %b : (tensor<3x4xf32>, tensor<5x6xf32>) -> tensor<3x6xf32>
  return %y : tensor<3x6xf32>
}

// -----

func.func @matmul_result(%a: tensor<3x4xf32>, %b: tensor<4x6xf32>) -> tensor<3x5xf32> {
  // expected-error @+1 {{expects result dimensions 3x6}}
  %y = nn.matmul %a, %b : (tensor<3x4xf32>, tensor<4x6xf32>) -> tensor<3x5xf32>
  return %y : tensor<3x5xf32>
}

// -----

func.func @add_incompatible(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{operands don't have broadcast-compatible shapes}}
  %y = nn.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @mul_result(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<4x2x3xf32> {
  // expected-error @+1 {{expects the result to have the broadcast shape}}
  %y = nn.mul %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<4x2x3xf32>
  return %y : tensor<4x2x3xf32>
}

// -----

func.func @relu_type(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %y = "nn.relu"(%a) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @exp_int(%a: tensor<2x3xi32>) -> tensor<2x3xi32> {
  // expected-error @+1 {{must be ranked tensor of 32-bit float or 64-bit float values}}
  %y = nn.exp %a : tensor<2x3xi32>
  return %y : tensor<2x3xi32>
}

// -----

func.func @concat_mixed_types(%a: tensor<1x2xf32>, %b: tensor<1x2xi32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{expects every input to have the result's element type}}
  %y = nn.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2xi32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

func.func @dropout_ratio(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expects ratio in [0, 1), got 1}}
  %y = nn.dropout %a {ratio = 1.0 : f32} : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @clip_bounds(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expects min <= max}}
  %y = nn.clip %a {min = 6.0 : f32, max = 0.0 : f32} : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @softmax_axis(%a: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{expects axis in [0, 2), got 2}}
  %y = nn.softmax %a {axis = 2 : i64} : tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

func.func @batch_norm_params(%x: tensor<1x16x8x8xf32>, %p: tensor<8xf32>) -> tensor<1x16x8x8xf32> {
  // expected-error @+1 {{expects parameters of size 16, got 8}}
  %y = nn.batch_norm %x, %p, %p, %p, %p : tensor<1x16x8x8xf32>, tensor<8xf32> -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

func.func @batch_norm_rank(%x: tensor<16xf32>, %p: tensor<16xf32>) -> tensor<16xf32> {
  // expected-error @+1 {{expects an input of rank >= 2}}
  %y = nn.batch_norm %x, %p, %p, %p, %p : tensor<16xf32>, tensor<16xf32> -> tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

func.func @batch_norm_result(%x: tensor<1x16x8x8xf32>, %p: tensor<16xf32>) -> tensor<1x16x8x9xf32> {
  // expected-error @+1 {{expects the result type to equal the input's}}
  %y = nn.batch_norm %x, %p, %p, %p, %p : tensor<1x16x8x8xf32>, tensor<16xf32> -> tensor<1x16x8x9xf32>
  return %y : tensor<1x16x8x9xf32>
}

// -----

func.func @flatten_axis(%x: tensor<1x16x4x4xf32>) -> tensor<1x256xf32> {
  // expected-error @+1 {{expects axis in [0, 4], got 5}}
  %y = nn.flatten %x {axis = 5 : i64} : tensor<1x16x4x4xf32> -> tensor<1x256xf32>
  return %y : tensor<1x256xf32>
}

// -----

func.func @flatten_shape(%x: tensor<1x16x4x4xf32>) -> tensor<16x16xf32> {
  // expected-error @+1 {{expects result shape 1x256}}
  %y = nn.flatten %x : tensor<1x16x4x4xf32> -> tensor<16x16xf32>
  return %y : tensor<16x16xf32>
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{expects equal element counts, got 6 and 7}}
  %y = nn.reshape %x : tensor<2x3xf32> -> tensor<7xf32>
  return %y : tensor<7xf32>
}

// -----

func.func @transpose_perm(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{expects perm to be a permutation of [0, 2)}}
  %y = nn.transpose %x {perm = array<i64: 0, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @transpose_size(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{expects a permutation of 2 dimensions}}
  %y = nn.transpose %x {perm = array<i64: 1, 0, 2>} : tensor<2x3xf32> -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @transpose_shape(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{expects output dimension 0 to be 3}}
  %y = nn.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @concat_axis(%a: tensor<1x2xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{expects axis in [0, 2), got 2}}
  %y = nn.concat %a, %a {axis = 2 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

func.func @concat_sum(%a: tensor<1x2xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{expects the concatenated dimension to be 4, got 5}}
  %y = nn.concat %a, %a {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x5xf32>
  return %y : tensor<1x5xf32>
}

// -----

func.func @concat_other_dim(%a: tensor<1x2xf32>, %b: tensor<2x2xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{expects inputs to agree with the result in dimension 0}}
  %y = nn.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

func.func @concat_rank(%a: tensor<1x2xf32>, %b: tensor<2xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{expects every input to have rank 2}}
  %y = nn.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

func.func @concat_empty() -> tensor<1x4xf32> {
  // expected-error @+1 {{expects at least one input}}
  %y = nn.concat {axis = 1 : i64} : () -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

func.func @softmax_negative_axis(%a: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{expects axis in [0, 2), got -1}}
  %y = nn.softmax %a {axis = -1 : i64} : tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

func.func @conv_negative_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{expects groups to be positive, got -2}}
  %y = nn.conv2d %x, %w {groups = -2 : i64} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @convt_output(%x: tensor<1x4x4x4xf32>, %w: tensor<4x2x4x4xf32>) -> tensor<1x2x9x8xf32> {
  // expected-error @+1 {{expects output dimension 2 to be 8, got 9}}
  %y = nn.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x4x4xf32>, tensor<4x2x4x4xf32>) -> tensor<1x2x9x8xf32>
  return %y : tensor<1x2x9x8xf32>
}

// -----

func.func @convt_channels(%x: tensor<1x3x4x4xf32>, %w: tensor<4x2x4x4xf32>) -> tensor<1x2x7x7xf32> {
  // expected-error @+1 {{expects input channels (3) to equal filter dimension 0 (4)}}
  %y = nn.conv_transpose2d %x, %w : (tensor<1x3x4x4xf32>, tensor<4x2x4x4xf32>) -> tensor<1x2x7x7xf32>
  return %y : tensor<1x2x7x7xf32>
}

// -----

func.func @convt_outpad(%x: tensor<1x4x4x4xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x2x8x8xf32> {
  // expected-error @+1 {{expects output_padding smaller than the stride or the dilation}}
  %y = nn.conv_transpose2d %x, %w {output_padding = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}

// -----

func.func @convt_groups(%x: tensor<1x3x4x4xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{expects input channels (3) to be a multiple of groups (2)}}
  %y = nn.conv_transpose2d %x, %w {groups = 2 : i64} : (tensor<1x3x4x4xf32>, tensor<3x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @convt_bias(%x: tensor<1x4x4x4xf32>, %w: tensor<4x2x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x2x6x6xf32> {
  // expected-error @+1 {{expects bias of size 2, got 3}}
  %y = nn.conv_transpose2d %x, %w, %b : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>, tensor<3xf32>) -> tensor<1x2x6x6xf32>
  return %y : tensor<1x2x6x6xf32>
}

// -----

func.func @convt_batch(%x: tensor<1x4x4x4xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<2x2x6x6xf32> {
  // expected-error @+1 {{expects output batch and channels to be 1 and 2}}
  %y = nn.conv_transpose2d %x, %w : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>) -> tensor<2x2x6x6xf32>
  return %y : tensor<2x2x6x6xf32>
}

// -----

func.func @convt_no_output(%x: tensor<1x4x1x1xf32>, %w: tensor<4x2x1x1xf32>) -> tensor<1x2x1x1xf32> {
  // expected-error @+1 {{padding leaves no output along dimension 2}}
  %y = nn.conv_transpose2d %x, %w {padding = array<i64: 1, 0, 0, 0>} : (tensor<1x4x1x1xf32>, tensor<4x2x1x1xf32>) -> tensor<1x2x1x1xf32>
  return %y : tensor<1x2x1x1xf32>
}

// -----

func.func @log_softmax_axis(%a: tensor<1x10xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{expects axis in [0, 2), got 3}}
  %y = nn.log_softmax %a {axis = 3 : i64} : tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

func.func @slice_rank(%a: tensor<4x6xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{expects offsets, sizes, strides and result of rank 2}}
  %y = nn.slice %a {offsets = array<i64: 0>, sizes = array<i64: 2, 3>, strides = array<i64: 1, 1>} : tensor<4x6xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @slice_bounds(%a: tensor<4x6xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{slice along dimension 1 reads past its size 6}}
  %y = nn.slice %a {offsets = array<i64: 0, 2>, sizes = array<i64: 2, 3>, strides = array<i64: 1, 2>} : tensor<4x6xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @slice_stride(%a: tensor<4x6xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{expects non-negative offsets and sizes and positive strides}}
  %y = nn.slice %a {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 3>, strides = array<i64: 1, 0>} : tensor<4x6xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @slice_result(%a: tensor<4x6xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{expects result dimension 1 to be 3}}
  %y = nn.slice %a {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 3>, strides = array<i64: 1, 1>} : tensor<4x6xf32> -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @reduce_axes(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  // expected-error @+1 {{expects distinct axes in [0, 2)}}
  %y = nn.reduce_sum %x {axes = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<2x1xf32>
  return %y : tensor<2x1xf32>
}

// -----

func.func @reduce_shape(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  // expected-error @+1 {{expects the result shape implied by axes and keepdims}}
  %y = nn.reduce_max %x {axes = array<i64: 1>, keepdims = false} : tensor<2x3xf32> -> tensor<2x1xf32>
  return %y : tensor<2x1xf32>
}

// -----

func.func @pad_mode(%x: tensor<4xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{expects mode constant, edge or reflect, got 'wrap'}}
  %y = nn.pad %x {low = array<i64: 1>, high = array<i64: 1>, mode = "wrap"} : tensor<4xf32> -> tensor<6xf32>
  return %y : tensor<6xf32>
}

// -----

func.func @pad_reflect_size(%x: tensor<4xf32>) -> tensor<12xf32> {
  // expected-error @+1 {{reflect padding of dimension 0 must be smaller than its size 4}}
  %y = nn.pad %x {low = array<i64: 4>, high = array<i64: 4>, mode = "reflect"} : tensor<4xf32> -> tensor<12xf32>
  return %y : tensor<12xf32>
}

// -----

func.func @pad_result(%x: tensor<4xf32>) -> tensor<7xf32> {
  // expected-error @+1 {{expects result dimension 0 to be 6}}
  %y = nn.pad %x {low = array<i64: 1>, high = array<i64: 1>} : tensor<4xf32> -> tensor<7xf32>
  return %y : tensor<7xf32>
}

// -----

func.func @pad_negative(%x: tensor<4xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{expects non-negative padding}}
  %y = nn.pad %x {low = array<i64: -1>, high = array<i64: 0>} : tensor<4xf32> -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @pad_rank(%x: tensor<4xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{expects low, high and result of rank 1}}
  %y = nn.pad %x {low = array<i64: 1, 1>, high = array<i64: 1>} : tensor<4xf32> -> tensor<6xf32>
  return %y : tensor<6xf32>
}

// -----

func.func @resize_mode(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{expects mode nearest or linear, got 'cubic'}}
  %y = nn.resize %x {mode = "cubic", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : tensor<1x1x2x2xf32> -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_leading(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{only the last two dimensions may change size}}
  %y = nn.resize %x {scales = array<f32: 1.0, 2.0, 1.0, 1.0>} : tensor<1x1x2x2xf32> -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @resize_scales(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{expects scales and result of rank 4}}
  %y = nn.resize %x {scales = array<f32: 2.0, 2.0>} : tensor<1x1x2x2xf32> -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_coords(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{unsupported coordinate_mode 'tf_crop_and_resize'}}
  %y = nn.resize %x {coordinate_mode = "tf_crop_and_resize", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : tensor<1x1x2x2xf32> -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_rounding(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{unsupported nearest_mode 'truncate'}}
  %y = nn.resize %x {nearest_mode = "truncate", scales = array<f32: 1.0, 1.0, 2.0, 2.0>} : tensor<1x1x2x2xf32> -> tensor<1x1x4x4xf32>
  return %y : tensor<1x1x4x4xf32>
}

// -----

func.func @resize_positive(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+1 {{expects positive scales}}
  %y = nn.resize %x {scales = array<f32: 1.0, 1.0, 0.0, 1.0>} : tensor<1x1x2x2xf32> -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

func.func @unsigned_float(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expects integer operands with is_unsigned}}
  %y = nn.div %a, %a {is_unsigned} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @mod_float_no_fmod(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expects fmod on float operands}}
  %y = nn.mod %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @compare_bad_predicate(%a: tensor<4xf32>) -> tensor<4xi1> {
  // expected-error @+1 {{expects predicate eq, ne, lt, le, gt or ge, got 'gte'}}
  %y = nn.compare "gte", %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %y : tensor<4xi1>
}

// -----

func.func @select_not_broadcast(%c: tensor<3xi1>, %a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{operands don't have broadcast-compatible shapes}}
  %y = nn.select %c, %a, %a : (tensor<3xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @arg_max_bad_axis(%x: tensor<4x5xf32>) -> tensor<4xi64> {
  // expected-error @+1 {{expects axis in [0, 2), got 2}}
  %y = nn.arg_max %x {axis = 2 : i64, keepdims = false} : tensor<4x5xf32> -> tensor<4xi64>
  return %y : tensor<4xi64>
}

// -----

func.func @arg_max_bad_shape(%x: tensor<4x5xf32>) -> tensor<4x1xi64> {
  // expected-error @+1 {{expects the result shape implied by axes and keepdims}}
  %y = nn.arg_max %x {axis = 1 : i64, keepdims = false} : tensor<4x5xf32> -> tensor<4x1xi64>
  return %y : tensor<4x1xi64>
}

// -----

func.func @gather_bad_shape(%x: tensor<5x4xf32>, %i: tensor<3xi64>) -> tensor<4x3xf32> {
  // expected-error @+1 {{expects the result shape input[:axis] + indices + input[axis+1:]}}
  %y = nn.gather %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<3xi64>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

func.func @gather_empty_axis(%x: tensor<0x4xf32>, %i: tensor<3xi64>) -> tensor<3x4xf32> {
  // expected-error @+1 {{gathers from an empty axis}}
  %y = nn.gather %x, %i {axis = 0 : i64} : (tensor<0x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return %y : tensor<3x4xf32>
}

// -----

func.func @gather_elements_rank(%x: tensor<5x4xf32>, %i: tensor<5xi64>) -> tensor<5xf32> {
  // expected-error @+1 {{expects indices of the input's rank 2, got 1}}
  %y = nn.gather_elements %x, %i {axis = 0 : i64} : (tensor<5x4xf32>, tensor<5xi64>) -> tensor<5xf32>
  return %y : tensor<5xf32>
}

// -----

func.func @gather_elements_too_big(%x: tensor<5x4xf32>, %i: tensor<6x2xi64>) -> tensor<6x2xf32> {
  // expected-error @+1 {{expects indices dimension 0 to be at most 5}}
  %y = nn.gather_elements %x, %i {axis = 1 : i64} : (tensor<5x4xf32>, tensor<6x2xi64>) -> tensor<6x2xf32>
  return %y : tensor<6x2xf32>
}

// -----

func.func @trilu_rank1(%x: tensor<5xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{expects a rank of at least 2}}
  %y = nn.trilu %x : tensor<5xf32>
  return %y : tensor<5xf32>
}

// -----

func.func @trilu_k_two(%x: tensor<5x5xf32>, %k: tensor<2xi64>) -> tensor<5x5xf32> {
  // expected-error @+1 {{expects k to hold one element}}
  %y = nn.trilu %x, %k : tensor<5x5xf32>, tensor<2xi64>
  return %y : tensor<5x5xf32>
}

// -----

func.func @hardmax_axis(%x: tensor<5x5xf32>) -> tensor<5x5xf32> {
  // expected-error @+1 {{expects axis in [0, 2), got 3}}
  %y = nn.hardmax %x {axis = 3 : i64} : tensor<5x5xf32>
  return %y : tensor<5x5xf32>
}

// -----

func.func @max_pool_type_change(%x: tensor<1x2x4x4xi64>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{expects the input's element type for the result}}
  %y = nn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xi64> -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

func.func @pool_indices_window(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x2x2xi64> {
  // expected-error @+1 {{expects output dimension 2 to be 3, got 2}}
  %y = nn.max_pool2d_indices %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x2x5x5xf32> -> tensor<1x2x2x2xi64>
  return %y : tensor<1x2x2x2xi64>
}
